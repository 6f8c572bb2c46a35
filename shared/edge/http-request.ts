import { badField, InputError } from '../errors/input-error.ts';
import { isObject } from '../validation/is-object.ts';

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
export function toHttpRequest(event: unknown): HttpRequest {
  const fields = isObject(event) ? event : {};
  const headers = lowerCaseKeys(stringsOf(fields.headers));
  const body = typeof fields.body === 'string' ? fields.body : '';
  const isBase64 = fields.isBase64Encoded === true;
  // Checked before decoding or parsing: a huge body costs nothing but this comparison.
  const bytes = Buffer.byteLength(body, isBase64 ? 'base64' : 'utf8');
  if (bytes > MAX_BODY_BYTES) {
    throw new InputError([{ field: 'body', description: 'must be at most 1 MiB' }], 413);
  }
  let parsed: Record<string, unknown> | undefined;
  return {
    // ASCII only: Unicode case mapping would turn 'poſt' into POST.
    method: String(fields.httpMethod).replace(/[a-z]/g, (c) => c.toUpperCase()),
    pathParams: { ...stringsOf(fields.pathParams), ...stringsOf(fields.params) },
    query: stringsOf(fields.queryStringParameters),
    headers,
    bodyFields: () => {
      parsed ??= parseBody(isBase64 ? Buffer.from(body, 'base64').toString('utf8') : body, headers['content-type']);
      return parsed;
    },
  };
}

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (text.trim() === '') return {};
  // `curl -d '{...}'` sends JSON labelled as a form: a form body that is a JSON object is read as JSON.
  const isForm = contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') === true;
  const json = parseJsonObject(text);
  if (json) return json;
  if (isForm) return Object.fromEntries(new URLSearchParams(text));
  throw badField('body', 'must be a JSON object');
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
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
