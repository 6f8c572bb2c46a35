import { type Config, readConfig } from '../config.ts';
import { KmsClient } from '../kms/client.ts';
import { DEFAULT_RETRY_POLICY } from '../kms/retry.ts';
import { createLogger, type Logger } from '../log.ts';
import { missingToken, resolveToken } from './token.ts';

export interface Invocation {
  functionName: string;
  requestId: string;
  config: Config;
  log: Logger;
  kms: KmsClient;
  /** Epoch ms by which the answer must be ready: the platform's remaining time less a safety margin. */
  deadlineAt: number;
  /** The IAM token, or UNAUTHENTICATED; for KMS calls and chained hand-offs only, never for output. */
  token(): string;
}

/** Used when a caller gives no context (local scripts): the platform's default timeout. */
const DEFAULT_REMAINING_MS = 60_000;

/** What the function keeps back from its remaining time to log and answer before the platform stops it. */
export function safetyMargin(remainingMs: number): number {
  return Math.min(3_000, Math.max(250, Math.round(remainingMs * 0.1)));
}

export function startInvocation(functionName: string, context: unknown, env: NodeJS.ProcessEnv = process.env): Invocation {
  const ctx = (context ?? {}) as { requestId?: unknown; getRemainingTimeInMillis?: unknown };
  const requestId = typeof ctx.requestId === 'string' ? ctx.requestId : 'local';
  const config = readConfig(env);
  const remaining = remainingTime(ctx);
  const deadlineAt = Date.now() + remaining - safetyMargin(remaining);
  const tokenValue = resolveToken(context, config.iamToken);
  const token = () => {
    if (tokenValue === undefined) throw missingToken();
    return tokenValue;
  };
  const log = createLogger({
    functionName,
    requestId,
    level: config.logLevel,
    secrets: tokenValue ? [tokenValue] : [],
  });
  const kms = new KmsClient({
    kmsEndpoint: config.kmsEndpoint,
    operationEndpoint: config.operationEndpoint,
    token,
    deadlineAt,
    requestTimeoutMs: config.requestTimeoutMs,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.maxAttempts },
  });
  return { functionName, requestId, config, log, kms, deadlineAt, token };
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
