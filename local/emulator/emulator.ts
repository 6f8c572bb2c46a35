// Puts the pieces together: one HTTP server for the KMS API, the Operation service, the Resource Manager
// and Monitoring APIs, and the admin API.
import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { type AdminTarget, serveAdminRequest } from './admin-api.ts';
import type { ApiContext } from './api-context.ts';
import { type PipelineDeps, serveApiRequest } from './api-pipeline.ts';
import { AuditLog } from './audit-log.ts';
import { createClock } from './clock.ts';
import { checkConfig } from './config.ts';
import { FaultInjector } from './fault-injector.ts';
import { Code, statusBody } from './grpc-status.ts';
import { sendJson } from './http-io.ts';
import { newResourceId } from './ids.ts';
import type { DeletedKey } from './key-deletion.ts';
import { restoreDeletedKey } from './key-handlers.ts';
import { MetricsStore } from './metrics-store.ts';
import { OperationStore } from './operations.ts';
import { createPageTokens } from './page-token.ts';
import { toSeedKey, toSeedVersion } from './records.ts';
import { RequestLog } from './request-log.ts';
import { toSeedCloud } from './resource-records.ts';
import { ResourceTree } from './resource-tree.ts';
import { normalizeSeed } from './seed-normalize.ts';
import { parseSeedShape } from './seed-schema.ts';
import { recordSeededSchedules } from './seeded-history.ts';
import { KeyStore } from './state.ts';
import { SubjectDirectory } from './subjects.ts';
import { formatTimestamp } from './time-format.ts';
import type { DeletedKeyState, Emulator, EmulatorConfig, EmulatorOptions, SeedData } from './types.ts';

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = createClock();
  const nowMs = () => clock.now().getTime();
  const config: EmulatorConfig = { operationPolls: 0, cancelRefusal: 'sync' };
  Object.assign(config, checkConfig(pickConfig(options)));
  const keys = new KeyStore(nowMs);
  const operations = new OperationStore(nowMs);
  const resources = new ResourceTree();
  const auditLog = new AuditLog();
  const metrics = new MetricsStore();
  const faults = new FaultInjector(options.faultSeed ?? randomInt(2 ** 31));
  const log = new RequestLog(options.logRequests ?? true);
  const tokens = options.tokens ? new Set(options.tokens) : undefined;
  const subjects = new SubjectDirectory();
  if (options.subjects) subjects.add(options.subjects);

  const seed = (data: SeedData) => {
    const seededAtMs = nowMs();
    const records = normalizeSeed(parseSeedShape(data), seededAtMs);
    keys.replace(records.keys);
    resources.replace(records.clouds);
    operations.clear();
    recordSeededSchedules(operations, records.keys, seededAtMs);
  };
  if (options.seed) seed(options.seed);

  // Latency faults wait on timers that close() cancels, so a closing emulator never keeps Node alive.
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const ctx: ApiContext = {
    keys,
    operations,
    resources,
    pageTokens: createPageTokens(),
    config,
    // One trail per emulator: its records all name the same trail, as one trail's log group would.
    audit: { log: auditLog, trailId: newResourceId('cnp'), resources, nowMs },
    metrics,
    nowMs,
  };
  const pipeline: PipelineDeps = { ctx, faults, log, tokens, subjects, sleep };

  const emulator: Emulator & AdminTarget = {
    url: '',
    port: 0,
    clock,
    faults: {
      add: (rule) => faults.add(rule),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    requests: log.entries,
    concurrency: { inFlight: 0, peak: 0 },
    clearRequests: () => {
      log.clear();
      emulator.concurrency.peak = emulator.concurrency.inFlight;
    },
    configure: (change) => Object.assign(config, checkConfig(change)),
    subjects,
    audit: {
      entries: () => auditLog.entries(),
      subscribe: (listener) => auditLog.subscribe(listener),
      clear: () => auditLog.clear(),
    },
    metrics: { writes: () => metrics.writes(), clear: () => metrics.clear() },
    seed,
    key: (keyId) => {
      const key = keys.peek(keyId);
      return key && toSeedKey(key);
    },
    version: (keyId, versionId) => {
      const version = keys.peek(keyId)?.versionsById.get(versionId);
      return version && toSeedVersion(version);
    },
    deletedKey: (keyId) => {
      const deleted = keys.peekDeleted(keyId);
      return deleted && deletedKeyState(deleted);
    },
    restoreKey: (keyId) => toSeedKey(restoreDeletedKey(ctx, keyId)),
    config: () => ({ ...config }),
    allKeys: () => keys.all().map(toSeedKey),
    allDeletedKeys: () => keys.allDeleted().map(deletedKeyState),
    allClouds: () => resources.all().map(toSeedCloud),
    close: async () => {},
  };

  const sockets = new Set<Socket>();
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    route(request, response).catch((error: unknown) => {
      console.error('kms emulator: internal error', error);
      const requestId = randomUUID();
      sendJson(response, 500, statusBody(Code.INTERNAL, 'Internal error in the emulator', requestId), { 'x-request-id': requestId });
    });
  };
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, serve) : createServer(serve);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://emulator.invalid');
    if (url.pathname.startsWith('/_emulator/')) return serveAdminRequest(emulator, request, response, url);
    // Counted until the answer is sent or the connection ends, so tests can check a client's concurrency.
    const gauge = emulator.concurrency;
    gauge.peak = Math.max(gauge.peak, ++gauge.inFlight);
    let counted = true;
    const leave = () => {
      if (counted) gauge.inFlight--;
      counted = false;
    };
    response.once('finish', leave);
    response.once('close', leave);
    return serveApiRequest(pipeline, request, response, url);
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  emulator.port = port;
  emulator.url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  emulator.close = () => {
    closing ??= new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.close(() => resolve());
      // Keep-alive and in-flight connections would hold server.close() open: end them now.
      for (const socket of sockets) socket.destroy();
    });
    return closing;
  };
  return emulator;
}

function deletedKeyState(deleted: DeletedKey): DeletedKeyState {
  return {
    key: toSeedKey(deleted.key),
    deletedAt: formatTimestamp(deleted.deletedAtMs),
    restorableUntil: formatTimestamp(deleted.restorableUntilMs),
  };
}

function pickConfig(options: EmulatorOptions): Partial<EmulatorConfig> {
  const picked: Partial<EmulatorConfig> = {};
  if (options.operationPolls !== undefined) picked.operationPolls = options.operationPolls;
  if (options.cancelRefusal !== undefined) picked.cancelRefusal = options.cancelRefusal;
  return picked;
}
