// The admin API under /_emulator/: lets other processes drive a running emulator (no authentication;
// the emulator listens on 127.0.0.1 unless told otherwise).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readText } from '../read-body.ts';
import { ConfigError } from './config.ts';
import { FaultRuleError } from './fault-rule.ts';
import { Code, statusBody } from './grpc-status.ts';
import { sendJson } from './http-io.ts';
import { RestoreError } from './key-deletion.ts';
import { parseSeed } from './seed-file.ts';
import { SeedError } from './seed-schema.ts';
import { SubjectError, type SubjectInput } from './subjects.ts';
import type { DeletedKeyState, Emulator, EmulatorConfig, FaultRule, SeedCloudInput, SeedKey } from './types.ts';

const ADMIN_BODY_LIMIT_BYTES = 256 * 1024 * 1024; // big generated seeds

export type AdminTarget = Pick<
  Emulator,
  'clock' | 'faults' | 'requests' | 'clearRequests' | 'configure' | 'seed' | 'subjects' | 'audit' | 'metrics' | 'restoreKey'
> & {
  config(): EmulatorConfig;
  allKeys(): SeedKey[];
  allDeletedKeys(): DeletedKeyState[];
  allClouds(): SeedCloudInput[];
};

class AdminInputError extends Error {}

type Handler = (target: AdminTarget, body: unknown) => unknown;

const ROUTES: Record<string, Partial<Record<'GET' | 'POST' | 'DELETE', Handler>>> = {
  state: {
    GET: (target) => ({
      now: target.clock.now().toISOString(),
      config: target.config(),
      keys: target.allKeys(),
      deletedKeys: target.allDeletedKeys(),
      clouds: target.allClouds(),
    }),
  },
  restore: {
    // What Yandex Cloud support does on request: a deleted key comes back within 72 hours of its deletion.
    POST: (target, body) => {
      const { keyId, ...rest } = object(body);
      const unknown = Object.keys(rest)[0];
      if (unknown !== undefined) throw new AdminInputError(`restore: unknown field "${unknown}" (give "keyId")`);
      if (typeof keyId !== 'string' || keyId === '') throw new AdminInputError('restore: "keyId" must be the ID of a deleted key');
      return { key: target.restoreKey(keyId) };
    },
  },
  clock: {
    GET: (target) => ({ now: target.clock.now().toISOString() }),
    POST: (target, body) => {
      setClock(target, object(body));
      return { now: target.clock.now().toISOString() };
    },
  },
  faults: {
    GET: (target) => ({ faults: target.faults.list() }),
    POST: (target, body) => {
      target.faults.add(body as FaultRule | FaultRule[]);
      return { faults: target.faults.list() };
    },
    DELETE: (target) => {
      target.faults.clear();
      return { faults: [] };
    },
  },
  requests: {
    GET: (target) => ({ requests: target.requests }),
    DELETE: (target) => {
      target.clearRequests();
      return { requests: [] };
    },
  },
  seed: {
    POST: (target, body) => {
      target.seed(parseSeed(body));
      const keys = target.allKeys();
      const clouds = target.allClouds();
      return {
        keys: keys.length,
        versions: keys.reduce((sum, key) => sum + key.versions.length, 0),
        clouds: clouds.length,
        folders: clouds.reduce((sum, cloud) => sum + (cloud.folders?.length ?? 0), 0),
      };
    },
  },
  subjects: {
    GET: (target) => ({ subjects: target.subjects.list() }),
    POST: (target, body) => {
      target.subjects.add(object(body) as Record<string, SubjectInput>); // checked by add()
      return { subjects: target.subjects.list() };
    },
    DELETE: (target) => {
      target.subjects.clear();
      return { subjects: [] };
    },
  },
  audit: {
    GET: (target) => ({ entries: target.audit.entries() }),
    DELETE: (target) => {
      target.audit.clear();
      return { entries: [] };
    },
  },
  metrics: {
    GET: (target) => ({ writes: target.metrics.writes() }),
    DELETE: (target) => {
      target.metrics.clear();
      return { writes: [] };
    },
  },
  config: {
    GET: (target) => ({ config: target.config() }),
    POST: (target, body) => {
      target.configure(object(body));
      return { config: target.config() };
    },
  },
};

export async function serveAdminRequest(target: AdminTarget, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const requestId = randomUUID();
  const fail = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
    sendJson(response, status, statusBody(code, message, requestId), { 'x-request-id': requestId, ...headers });
  const name = url.pathname.slice('/_emulator/'.length);
  const methods = Object.hasOwn(ROUTES, name) ? ROUTES[name] : undefined;
  if (!methods)
    return fail(404, Code.NOT_FOUND, `Not Found: no admin endpoint ${url.pathname} (see /_emulator/${Object.keys(ROUTES).join(', ')})`);
  const method = request.method as 'GET' | 'POST' | 'DELETE';
  const handler = methods[method];
  if (!handler) {
    const allow = Object.keys(methods).join(', ');
    return fail(405, Code.UNIMPLEMENTED, `Method Not Allowed: ${url.pathname} accepts ${allow}`, { allow });
  }
  let body: unknown;
  if (method === 'POST') {
    const text = await readText(request, ADMIN_BODY_LIMIT_BYTES);
    if (text === undefined) return fail(400, Code.INVALID_ARGUMENT, 'The request body is too large');
    try {
      body = JSON.parse(text);
    } catch (error) {
      return fail(400, Code.INVALID_ARGUMENT, `The request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    sendJson(response, 200, handler(target, body), { 'x-request-id': requestId });
  } catch (error) {
    const known =
      error instanceof AdminInputError ||
      error instanceof SeedError ||
      error instanceof FaultRuleError ||
      error instanceof ConfigError ||
      error instanceof SubjectError ||
      error instanceof RestoreError ||
      error instanceof TypeError;
    if (!known) throw error;
    fail(400, Code.INVALID_ARGUMENT, (error as Error).message);
  }
}

function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AdminInputError('The request body must be a JSON object');
  return body as Record<string, unknown>;
}

function setClock(target: AdminTarget, body: Record<string, unknown>): void {
  const { now, advanceMs, ...rest } = body;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new AdminInputError(`clock: unknown field "${unknown}" (give "now" or "advanceMs")`);
  if ((now === undefined) === (advanceMs === undefined))
    throw new AdminInputError('clock: give exactly one of "now" (RFC3339) or "advanceMs" (a number)');
  if (now !== undefined) {
    if (typeof now !== 'string' || !Number.isFinite(Date.parse(now)))
      throw new AdminInputError('clock: "now" must be an RFC3339 timestamp such as 2026-01-01T00:00:00Z');
    target.clock.set(now);
  } else {
    if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs))
      throw new AdminInputError('clock: "advanceMs" must be a number of milliseconds');
    target.clock.advance(advanceMs);
  }
}
