import { type Config, readConfig } from '../config.ts';
import { ResourceManagerClient } from '../discovery/resource-manager.ts';
import { CloudApi } from '../http/cloud-api.ts';
import { KmsClient } from '../kms/client.ts';
import { createLogger, type Logger } from '../log.ts';
import { MetricsRecorder } from '../metrics/recorder.ts';
import type { Scrub } from '../secrets.ts';
import type { EventKind } from './event-kind.ts';
import { missingToken } from './token.ts';

export interface Invocation {
  functionName: string;
  requestId: string;
  /** The kind of event the edge recognised: how the function was called. */
  trigger: EventKind;
  config: Config;
  log: Logger;
  api: CloudApi;
  kms: KmsClient;
  resourceManager: ResourceManagerClient;
  /** The figures this invocation reports to Monitoring, written once as it ends. */
  metrics: MetricsRecorder;
  /** Epoch ms by which the answer must be ready: the platform's remaining time less a safety margin. */
  deadlineAt: number;
  /** The IAM token, or UNAUTHENTICATED; for API calls and chained hand-offs only, never for output. */
  token(): string;
  /** Masks the token in a text that leaves the function. */
  scrub: Scrub;
}

interface InvocationStart {
  functionName: string;
  trigger: EventKind;
  context: unknown;
  token: string | undefined;
  scrub: Scrub;
}

/** Used when a caller gives no context (local scripts): the platform's default timeout. */
const DEFAULT_REMAINING_MS = 60_000;

/** What the function keeps back from its remaining time to log and answer before the platform stops it. */
function safetyMargin(remainingMs: number): number {
  return Math.min(3_000, Math.max(250, Math.round(remainingMs * 0.1)));
}

export function startInvocation(start: InvocationStart, env: NodeJS.ProcessEnv = process.env): Invocation {
  const ctx = (start.context ?? {}) as { getRemainingTimeInMillis?: unknown };
  const requestId = requestIdOf(start.context);
  const config = readConfig(env);
  const remaining = remainingTime(ctx);
  const deadlineAt = Date.now() + remaining - safetyMargin(remaining);
  const tokenValue = start.token;
  const token = () => {
    if (tokenValue === undefined) throw missingToken();
    return tokenValue;
  };
  const log = createLogger({ functionName: start.functionName, requestId, level: config.logLevel, scrub: start.scrub });
  const api = new CloudApi({
    token,
    deadlineAt,
    requestTimeoutMs: config.requestTimeoutMs,
    retryPolicy: config.retryPolicy,
  });
  return {
    functionName: start.functionName,
    requestId,
    trigger: start.trigger,
    config,
    log,
    api,
    kms: new KmsClient(api, { kmsEndpoint: config.kmsEndpoint, operationEndpoint: config.operationEndpoint }),
    resourceManager: new ResourceManagerClient(api, config.resourceManagerEndpoint),
    metrics: new MetricsRecorder(),
    deadlineAt,
    token,
    scrub: start.scrub,
  };
}

/** The platform's request ID from the invocation context; 'local' for a call with none (local scripts). */
export function requestIdOf(context: unknown): string {
  const id = (context as { requestId?: unknown } | undefined)?.requestId;
  return typeof id === 'string' ? id : 'local';
}

function remainingTime(ctx: { getRemainingTimeInMillis?: unknown }): number {
  if (typeof ctx.getRemainingTimeInMillis !== 'function') return DEFAULT_REMAINING_MS;
  try {
    const ms = Number(ctx.getRemainingTimeInMillis());
    return Number.isFinite(ms) && ms > 0 ? ms : 0;
  } catch {
    return DEFAULT_REMAINING_MS;
  }
}
