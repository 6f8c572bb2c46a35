// The second handler argument, as the Node.js runtime builds it. The one builder for the local host,
// `npm run invoke`, the tests and the bench probes. A probe loads this module before the handler whose
// cold start it measures, so it imports nothing heavy: no node:crypto (IDs come from Web Crypto, and
// only when not given), and node:querystring, which Node has loaded before any user code.
import { cloudResourceId, newRequestId } from './ids.ts';
import { payloadOf } from './payload.ts';
import type { FunctionContext } from './types.ts';

export interface ContextOptions {
  functionName: string;
  /** Default: a fresh version ID (`d4e…`). */
  functionVersion?: string;
  memoryLimitInMB?: number;
  /** Default: a fresh UUID. */
  requestId?: string;
  /** The service account's IAM token; without one the context has no `token` field at all. */
  token?: string;
  /** Seconds the token still lives (default 12 h, the longest an IAM token lives). */
  tokenExpiresIn?: number;
  /** The version's execution timeout (default 60 s); getRemainingTimeInMillis counts down from it. */
  timeoutMs?: number;
  /** When the invocation started, in ms since the epoch (default now). */
  startedAt?: number;
  /** The event the function receives, for getPayload(). */
  event?: unknown;
}

export const DEFAULT_TIMEOUT_MS = 60_000;

export function createContext(options: ContextOptions): FunctionContext {
  const deadline = (options.startedAt ?? Date.now()) + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const context: FunctionContext = {
    functionName: options.functionName,
    functionVersion: options.functionVersion ?? cloudResourceId('d4e'),
    // The runtime's typings declare a string here.
    memoryLimitInMB: String(options.memoryLimitInMB ?? 128),
    requestId: options.requestId ?? newRequestId(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    getPayload: () => payloadOf(options.event),
  };
  if (options.token) {
    context.token = { access_token: options.token, expires_in: options.tokenExpiresIn ?? 43_200, token_type: 'Bearer' };
  }
  return context;
}
