import { badField, InputError } from '../errors/input-error.ts';
import { isObject } from './kind.ts';

/** One HTTP call, whatever carried it (function URL, API Gateway, the local host). */
export interface HttpRequest {
  method: string;
  /** API Gateway path parameters (`params` / `pathParams`). */
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body as fields: a JSON object, or a form; an empty body is {}. Throws InputError otherwise. */
  bodyFields(): Record<string, unknown>;
}

export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the request from the platform's HTTP event, tolerating any shape (values that are not text are dropped). */
export function toHttpRequest(event: Record<string, unknown>): HttpRequest {
  const headers = lowerCaseKeys(stringsOf(event.headers));
  const body = typeof event.body === 'string' ? event.body : '';
  const isBase64 = event.isBase64Encoded === true;
  // Checked before decoding or parsing: a huge body costs nothing but this comparison.
  const bytes = Buffer.byteLength(body, isBase64 ? 'base64' : 'utf8');
  if (bytes > MAX_BODY_BYTES) {
    throw new InputError([{ field: 'body', description: 'must be at most 1 MiB' }], 413);
  }
  let fields: Record<string, unknown> | undefined;
  return {
    // ASCII only: Unicode case mapping would turn 'poſt' into POST.
    method: String(event.httpMethod).replace(/[a-z]/g, (c) => c.toUpperCase()),
    pathParams: { ...stringsOf(event.pathParams), ...stringsOf(event.params) },
    query: stringsOf(event.queryStringParameters),
    headers,
    bodyFields: () => (fields ??= parseBody(isBase64 ? Buffer.from(body, 'base64').toString('utf8') : body, headers['content-type'])),
  };
}

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (text.trim() === '') return {};
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw badField('body', 'must be a JSON object');
  }
  if (!isObject(parsed)) throw badField('body', 'must be a JSON object');
  return parsed;
}

function stringsOf(map: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(map)) return out;
  for (const [name, value] of Object.entries(map)) if (typeof value === 'string') out[name] = value;
  return out;
}

function lowerCaseKeys(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(map)) out[name.toLowerCase()] = value;
  return out;
}
