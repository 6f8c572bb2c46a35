import type { Http } from '@yandex-cloud/function-types/dist/src/http';
import type { GuardError } from '../errors/guard-error.ts';

export type HttpResult = Http.Result;

export function jsonResult(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

/** An error in the KMS REST error shape, with the KMS HTTP status. */
export function errorResult(error: GuardError): HttpResult {
  return jsonResult(error.httpStatus, error.toStatusBody(), error.headers);
}
