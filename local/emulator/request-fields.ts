// Checks of request fields, with the limits of the KMS API annotations; each error names its field.
import { KmsError } from './grpc-status.ts';
import { MAX_TIMESTAMP_MS, parseDuration } from './time-format.ts';

const MAX_ID_LENGTH = 50;
const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_PENDING_PERIOD_MS = 7 * 86_400_000;

/** keyId, versionId, folderId: required, at most 50 characters. */
export function requireId(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') throw KmsError.invalidField(field, 'required field is missing or empty');
  if (typeof value !== 'string') throw KmsError.invalidField(field, 'must be a string');
  if (value.length > MAX_ID_LENGTH) throw KmsError.invalidField(field, `must be at most ${MAX_ID_LENGTH} characters long`);
  return value;
}

/** pageSize is an int64, sent as a decimal string; 0 or absent means the default. */
export function pageSize(text: string | null): number {
  if (text === null) return DEFAULT_PAGE_SIZE;
  if (!/^\d+$/.test(text)) throw KmsError.invalidField('pageSize', `must be an integer from 0 to ${MAX_PAGE_SIZE}, got "${text}"`);
  const size = Number(text);
  if (size > MAX_PAGE_SIZE) throw KmsError.invalidField('pageSize', `must be at most ${MAX_PAGE_SIZE}, got ${text}`);
  return size === 0 ? DEFAULT_PAGE_SIZE : size;
}

export function pageTokenText(text: string | null, maxLength: number): string {
  const token = text ?? '';
  if (token.length > maxLength) throw KmsError.invalidField('pageToken', `must be at most ${maxLength} characters long`);
  return token;
}

export function invalidPageToken(): KmsError {
  return KmsError.invalidField('pageToken', 'is not a token from a previous answer for this list');
}

/** The JSON object a POST carries; the body was parsed before authentication, and is judged only now. */
export function bodyObject(body: ParsedBody): Record<string, unknown> {
  if (body.kind === 'invalid') throw KmsError.invalidField('body', `is not valid JSON: ${body.reason}`);
  if (body.kind === 'empty') return {};
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    throw KmsError.invalidField('body', 'must be a JSON object');
  }
  return body.value as Record<string, unknown>;
}

/** pendingPeriod: a proto3 JSON Duration such as "604800s"; 7 days when absent. */
export function pendingPeriodMs(value: unknown, nowMs: number): number {
  if (value === undefined || value === null || value === '') return DEFAULT_PENDING_PERIOD_MS;
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined)
    throw KmsError.invalidField('pendingPeriod', `must be a duration in seconds such as "604800s", got ${JSON.stringify(value)}`);
  if (ms <= 0) throw KmsError.invalidField('pendingPeriod', `must be positive, got "${String(value)}"`);
  if (nowMs + ms > MAX_TIMESTAMP_MS) throw KmsError.invalidField('pendingPeriod', 'is too long: destroyAt would be after year 9999');
  return ms;
}

export type ParsedBody = { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'invalid'; reason: string };

export function parseBody(text: string): ParsedBody {
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch (error) {
    return { kind: 'invalid', reason: (error as Error).message };
  }
}
