// Every answer the host sends, as data, so mapping and sending stay apart.
import { methodNotAllowed } from '../../shared/edge/methods.ts';
import { describeError } from './run-handler.ts';

export interface HttpReply {
  status: number;
  /** Canonical name → values, in the order they are sent. */
  headers: Array<[string, string[]]>;
  body: Buffer;
}

export function jsonReply(status: number, value: unknown, headers: Array<[string, string[]]> = []): HttpReply {
  return {
    status,
    headers: [['Content-Type', ['application/json']], ...headers],
    body: Buffer.from(JSON.stringify(value)),
  };
}

/** The host's own refusals (no route, wrong method, too large…): small JSON, never a function's fault. */
export function hostError(status: number, errorType: string, errorMessage: string, extra: Record<string, unknown> = {}): HttpReply {
  return jsonReply(status, { errorMessage, errorType, ...extra });
}

/** A method a /keys route does not serve, answered as the functions answer it on their own URLs. */
export function kmsMethodNotAllowed(method: string, allow: string): HttpReply {
  return jsonReply(405, methodNotAllowed(method, allow).toStatusBody(), [['Allow', [allow]]]);
}

/** The platform's answer to a response it cannot map. */
export function malformedResponse(payload: string): HttpReply {
  return jsonReply(502, {
    errorMessage: 'Malformed serverless function response: not a valid json',
    errorType: 'ProxyIntegrationError',
    payload,
  });
}

/** An unhandled error in the function: 502 and X-Function-Error, but no stack trace for the caller. */
export function functionError(error: unknown): HttpReply {
  return jsonReply(502, describeError(error), [['X-Function-Error', ['true']]]);
}

export function functionTimeout(functionName: string, timeoutMs: number): HttpReply {
  return jsonReply(504, {
    errorMessage: `function ${functionName} did not finish within its ${timeoutMs} ms execution timeout`,
    errorType: 'TimeoutError',
  });
}
