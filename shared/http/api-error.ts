import * as z from 'zod/mini';
import { codeForHttpStatus, codeName } from '../errors/grpc-codes.ts';
import { GuardError } from '../errors/guard-error.ts';
import { answerMayPass, codeMayPass } from '../errors/passing.ts';
import { parseRetryAfter } from './retry-after.ts';
import type { HttpAnswer } from './transport.ts';

/** google.rpc.Status: the error body of every Yandex Cloud API, and Operation.error. */
export const Status = z.looseObject({
  code: z.optional(z.int()),
  message: z.optional(z.string()),
  details: z.optional(z.array(z.unknown())),
});
export type Status = z.infer<typeof Status>;

const REQUEST_INFO_TYPE = 'type.googleapis.com/google.rpc.RequestInfo';

/** An API error answer keeps its gRPC code, message, details, request id and HTTP status. */
export function errorFromAnswer(answer: HttpAnswer, what: string): GuardError {
  const parsed = Status.safeParse(parseJson(answer.text));
  const status = parsed.success ? parsed.data : undefined;
  const code = (status?.code !== undefined ? codeName(status.code) : undefined) ?? codeForHttpStatus(answer.status);
  const details = status?.details ?? [];
  const requestId = requestIdOf(details) ?? answer.header('x-request-id') ?? undefined;
  const message = status?.message || `${what}: answered HTTP ${answer.status}`;
  return new GuardError(code, message, {
    httpStatus: answer.status,
    details,
    requestId,
    retryable: answerMayPass(answer.status, code),
    // A gateway timeout answers for a request whose fate it does not know.
    unconfirmed: answer.status === 504,
    retryAfterMs: parseRetryAfter(answer.header('retry-after')),
  });
}

/** The error an operation ended with, typed; whether a retry may pass follows from its code alone. */
export function errorFromStatus(status: Status, what: string): GuardError {
  const code = (status.code !== undefined ? codeName(status.code) : undefined) ?? 'UNKNOWN';
  return new GuardError(code, status.message || `${what} failed`, { details: status.details ?? [], retryable: codeMayPass(code) });
}

function requestIdOf(details: unknown[]): string | undefined {
  for (const detail of details) {
    const d = detail as { '@type'?: unknown; requestId?: unknown } | null;
    if (d && d['@type'] === REQUEST_INFO_TYPE && typeof d.requestId === 'string') return d.requestId;
  }
  return undefined;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
