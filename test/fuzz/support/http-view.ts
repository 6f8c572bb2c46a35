// Reads a generated HTTP event the way the platform's documented format and docs/functions.md describe it, so
// that a generator can tell what the handler must make of it.
import { isObject, own } from './verdict.ts';

export const MAX_BODY_BYTES = 1024 * 1024;

/** A text value of a map (query, params, pathParams): the platform sends text; other values carry nothing. */
export function textAt(container: unknown, name: string): string | undefined {
  const value = own(container, name);
  return typeof value === 'string' ? value : undefined;
}

export type BodySize = 'within' | 'over' | 'unclear';

/** The body's size in bytes once decoded; for base64 that is not well-formed we cannot be sure. */
export function bodySize(event: Record<string, unknown>): BodySize {
  const body = typeof event.body === 'string' ? event.body : '';
  if (event.isBase64Encoded !== true) return Buffer.byteLength(body) > MAX_BODY_BYTES ? 'over' : 'within';
  if (body.length <= MAX_BODY_BYTES) return 'within'; // 4 characters carry 3 bytes at most
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) return 'unclear';
  return Buffer.byteLength(body, 'base64') > MAX_BODY_BYTES ? 'over' : 'within';
}

export type BodyFields = Record<string, unknown> | 'not-an-object' | 'unclear';

/** The body as fields: a JSON object (base64 or not), a form when the Content-Type says so; empty is {}. */
export function bodyFields(event: Record<string, unknown>): BodyFields {
  const raw = typeof event.body === 'string' ? event.body : '';
  const text = event.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const contentType = headerValue(event.headers, 'content-type');
  if (contentType === 'unclear') return 'unclear';
  if (text.trim() === '') return {};
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const pairs = [...new URLSearchParams(text)];
    if (new Set(pairs.map(([name]) => name)).size !== pairs.length) return 'unclear';
    return Object.fromEntries(pairs);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : 'not-an-object';
  } catch {
    return 'not-an-object';
  }
}

/** A header by its name in any case; two spellings with different values leave it unclear. */
function headerValue(headers: unknown, lowerName: string): string | undefined | 'unclear' {
  if (!isObject(headers)) return undefined;
  const values = Object.entries(headers)
    .filter(([name, value]) => name.toLowerCase() === lowerName && typeof value === 'string')
    .map(([, value]) => value as string);
  if (new Set(values).size > 1) return 'unclear';
  return values[0];
}
