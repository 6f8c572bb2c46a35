import type { Http } from '@yandex-cloud/function-types/dist/src/http';
import { GuardError } from '../errors/guard-error.ts';
import type { Scrub } from '../secrets.ts';

export type HttpResult = Http.Result;

/** What an HTTP route answers: a status and body, or an error (its KMS error body, plus any fields of `body`). */
export interface HttpAnswer {
  status: number;
  body?: unknown;
  error?: GuardError;
  headers?: Record<string, string>;
}

export function errorAnswer(error: GuardError): HttpAnswer {
  return { status: error.httpStatus, error, headers: error.headers };
}

// The one place where results become what crosses the wire: every GuardError becomes the KMS error
// body, and every string is scrubbed of the token, whatever upstream message it came from.

/** A GuardError anywhere in a value is sent as its google.rpc.Status body. */
function wireReplacer(_key: string, value: unknown): unknown {
  return value instanceof GuardError ? value.toStatusBody() : value;
}

export function toWireText(value: unknown, scrub: Scrub): string {
  return scrub(JSON.stringify(value, wireReplacer) ?? 'null');
}

/** A route's value as the platform will serialize it: plain JSON data, scrubbed. */
export function toWireValue(value: unknown, scrub: Scrub): unknown {
  return value === undefined ? undefined : JSON.parse(toWireText(value, scrub));
}

export function toHttpResult(answer: HttpAnswer, scrub: Scrub): HttpResult {
  const body = answer.error ? { ...answer.error.toStatusBody(), ...(answer.body as object | undefined) } : answer.body;
  return {
    statusCode: answer.status,
    headers: { 'Content-Type': 'application/json', ...answer.headers },
    body: toWireText(body, scrub),
    isBase64Encoded: false,
  };
}

/**
 * The error a trigger or direct call throws: the platform shows its message (scrubbed) and stack to the
 * caller, so the stack is the message alone.
 */
export function toThrown(error: GuardError, scrub: Scrub): GuardError {
  const thrown = new GuardError(error.code, scrub(error.description), { httpStatus: error.httpStatus, retryable: error.retryable });
  thrown.stack = `${thrown.name}: ${thrown.message}`;
  return thrown;
}
