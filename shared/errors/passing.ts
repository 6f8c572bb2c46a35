import type { GrpcCodeName } from './grpc-codes.ts';

// The one place that says which failures may pass when tried again: a request that failed this way is
// retried, and a trigger batch with an item that failed this way is handed back for redelivery.

/**
 * An API's error answer: throttling and outages may pass, and so may a conflict with a concurrent change of
 * the same resource (409 ABORTED, as when two updates of one key cross); 409 ALREADY_EXISTS does not.
 */
export function answerMayPass(httpStatus: number, code: GrpcCodeName): boolean {
  const outage = httpStatus === 429 || httpStatus === 500 || httpStatus === 502 || httpStatus === 503 || httpStatus === 504;
  return outage || (httpStatus === 409 && code === 'ABORTED');
}

const PASSING_CODES: ReadonlySet<GrpcCodeName> = new Set(['UNAVAILABLE', 'RESOURCE_EXHAUSTED', 'DEADLINE_EXCEEDED', 'ABORTED', 'INTERNAL']);

/** For errors that carry only a gRPC code, such as the error an operation ended with. */
export function codeMayPass(code: GrpcCodeName): boolean {
  return PASSING_CODES.has(code);
}

/**
 * What makes a trigger deliver its batch again: an item still pending, or one that failed for a reason
 * that may pass (never attempted for lack of time included). A final failure (a destroyed version, a
 * missing key) would fail the same way again, so it is reported, not redelivered.
 */
export function needsRedelivery(result: { outcome: string; error?: { retryable: boolean } }): boolean {
  return result.outcome === 'pending' || (result.outcome === 'failed' && result.error?.retryable === true);
}
