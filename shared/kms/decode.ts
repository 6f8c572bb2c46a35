import type * as z from 'zod/mini';
import { codeForHttpStatus, codeName } from '../errors/grpc-codes.ts';
import { GuardError } from '../errors/guard-error.ts';
import { violationsOf } from '../validation/issues.ts';
import { parseRetryAfter } from './retry-after.ts';
import { Status } from './schemas.ts';
import type { HttpAnswer } from './transport.ts';

const REQUEST_INFO_TYPE = 'type.googleapis.com/google.rpc.RequestInfo';
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** The body of a successful answer, checked against its schema; anything else becomes a GuardError. */
export function decodeAnswer<T>(answer: HttpAnswer, schema: z.ZodMiniType<T>, what: string): T {
  if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer, what);
  const body = parseJson(answer.text);
  if (body === undefined) {
    throw new GuardError('INTERNAL', `${what}: KMS answered with a body that is not JSON`, { retryable: true });
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    // Parsed again with the inputs in the issues, only now, to say "is required" from "must be a string".
    const issues = schema.safeParse(body, { reportInput: true }).error?.issues ?? result.error.issues;
    const problems = violationsOf(issues.slice(0, 3)).map((v) => `${v.field} ${v.description}`);
    throw new GuardError('INTERNAL', `${what}: KMS answered with an unexpected body: ${problems.join('; ')}`, {
      retryable: true,
    });
  }
  return result.data;
}

/** A KMS error answer keeps its gRPC code, message, details and request id; its HTTP status is kept too. */
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
    retryable: RETRYABLE_STATUSES.has(answer.status),
    retryAfterMs: parseRetryAfter(answer.header('retry-after')),
  });
}

function requestIdOf(details: unknown[]): string | undefined {
  for (const detail of details) {
    const d = detail as { '@type'?: unknown; requestId?: unknown } | null;
    if (d && d['@type'] === REQUEST_INFO_TYPE && typeof d.requestId === 'string') return d.requestId;
  }
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
