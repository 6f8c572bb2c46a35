import { GuardError } from '../errors/guard-error.ts';

// Network errors node-fetch reports with a system error code. Only the code is kept: the messages of
// network errors can quote request details.

/** The connection was never made: nothing was sent, so sending again is safe and may pass. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** The connection broke during the exchange: the request may have been served, and a retry may pass. */
const BROKEN = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET']);

/**
 * A failed fetch as a GuardError. Unknown hosts, TLS failures and requests that could not be built
 * (a header value with a line break, say) fail the same way every time: final, never retried.
 */
export function describeFetchFailure(error: unknown, what: string, host: string): GuardError {
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? code : 'no error code';
  if (NOT_CONNECTED.has(reason)) {
    return new GuardError('UNAVAILABLE', `${what}: could not reach ${host} (${reason})`, { retryable: true });
  }
  if (BROKEN.has(reason)) {
    return new GuardError('UNAVAILABLE', `${what}: the connection to ${host} broke (${reason})`, { retryable: true, unconfirmed: true });
  }
  if (reason === 'ENOTFOUND') {
    return new GuardError('INTERNAL', `${what}: host ${host} not found (ENOTFOUND); check the endpoint`);
  }
  return new GuardError('INTERNAL', `${what}: the request to ${host} could not be made (${reason})`);
}
