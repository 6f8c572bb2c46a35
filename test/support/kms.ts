import {
  type AuditLogEntry,
  type Emulator,
  type EmulatorOptions,
  type RequestLogEntry,
  type RouteName,
  startEmulator,
} from '../../local/emulator/index.ts';
import { CONFIG_VARIABLES } from '../../shared/config.ts';
import { DEFAULTS } from '../../shared/defaults.ts';
import { CloudApi } from '../../shared/http/cloud-api.ts';
import type { RetryPolicy } from '../../shared/http/retry.ts';
import { KmsClient } from '../../shared/kms/client.ts';

export const TEST_TOKEN = 't1.test-token-0123456789abcdef';

/** An emulator on loopback that accepts only TEST_TOKEN, and the environment that points a function at it. */
export async function startKms(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ tokens: [TEST_TOKEN], ...options });
}

/** Sets variables for the duration of a test file; returns a function that restores the previous values. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const previous = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  apply(vars);
  return () => apply(previous);
}

function apply(vars: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/** The requests of one route, optionally only those whose query has `name=value`. */
export function requestsOf(emulator: Emulator, route: RouteName, query?: [string, string]): RequestLogEntry[] {
  return emulator.requests.filter((entry) => entry.route === route && (!query || entry.query[query[0]] === query[1]));
}

export function kmsEnv(emulator: Emulator): Record<string, string> {
  return { KMS_ENDPOINT: emulator.url, OPERATION_ENDPOINT: emulator.url };
}

export interface ClientOptions {
  kmsEndpoint?: string;
  token?: () => string;
  deadlineAt?: number;
  requestTimeoutMs?: number;
  retryPolicy?: RetryPolicy;
  maxPages?: number;
}

/** A KMS client on its own (outside a function), pointed at `endpoint`, with the functions' defaults. */
export function kmsClient(endpoint: string, options: ClientOptions = {}): KmsClient {
  const api = new CloudApi({
    token: options.token ?? (() => TEST_TOKEN),
    deadlineAt: options.deadlineAt ?? Number.POSITIVE_INFINITY,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    retryPolicy: options.retryPolicy ?? { maxAttempts: DEFAULTS.maxAttempts, baseDelayMs: 1, maxDelayMs: 5 },
  });
  return new KmsClient(api, { kmsEndpoint: options.kmsEndpoint ?? endpoint, operationEndpoint: endpoint, maxPages: options.maxPages });
}

/** A clean slate: every endpoint on the emulator, every other variable unset, then `vars`. */
export function cleanEnv(emulator: Emulator, vars: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    ...Object.fromEntries([...CONFIG_VARIABLES, 'YC_IAM_TOKEN'].map((name) => [name, undefined])),
    ...kmsEnv(emulator),
    RESOURCE_MANAGER_ENDPOINT: emulator.url,
    MONITORING_ENDPOINT: emulator.url,
    ...vars,
  };
}

export interface KmsCallOptions {
  /** The caller's token: whose subject the emulator records (TEST_TOKEN by default). */
  token?: string;
  userAgent?: string;
}

/**
 * Schedules or cancels a version's destruction over the emulator's KMS REST API, as a user would (a
 * destruction scheduled for a day later); fails on any answer but 200. Returns the audit records the
 * request left (STARTED, then DONE).
 */
export async function changeOverHttp(
  kms: Emulator,
  change: 'scheduleVersionDestruction' | 'cancelVersionDestruction',
  keyId: string,
  versionId: string,
  options: KmsCallOptions = {},
): Promise<AuditLogEntry[]> {
  const before = kms.audit.entries().length;
  const response = await fetch(`${kms.url}/kms/v1/keys/${keyId}:${change}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token ?? TEST_TOKEN}`,
      'content-type': 'application/json',
      ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
    },
    body: JSON.stringify(change === 'scheduleVersionDestruction' ? { versionId, pendingPeriod: '86400s' } : { versionId }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${change} ${keyId}/${versionId}: ${response.status} ${text}`);
  return kms.audit.entries().slice(before);
}

export interface KeyChangeAnswer {
  status: number;
  body: any;
  /** The audit records the request left: STARTED then DONE, or one ERROR when it was refused. */
  entries: AuditLogEntry[];
}

/**
 * Creates (POST, no keyId), updates (PATCH) or deletes (DELETE) a key over the emulator's KMS REST API, as
 * a person or a pipeline would, and returns the answer with the audit records it left.
 */
export async function keyChangeOverHttp(
  kms: Emulator,
  method: 'POST' | 'PATCH' | 'DELETE',
  keyId: string | undefined,
  body?: unknown,
  options: KmsCallOptions = {},
): Promise<KeyChangeAnswer> {
  const before = kms.audit.entries().length;
  const response = await fetch(`${kms.url}/kms/v1/keys${keyId ? `/${keyId}` : ''}`, {
    method,
    headers: {
      authorization: `Bearer ${options.token ?? TEST_TOKEN}`,
      'content-type': 'application/json',
      ...(options.userAgent ? { 'user-agent': options.userAgent } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json(), entries: kms.audit.entries().slice(before) };
}
