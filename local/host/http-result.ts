// What the function URL makes of an HTTP-integration handler's return value.
import { validateHeaderName, validateHeaderValue } from 'node:http';
import { z } from 'zod';
import {
  canonicalHeaderName,
  REMAPPED_PREFIX,
  RESPONSE_HEADERS_DROPPED,
  RESPONSE_HEADERS_REJECTED,
  RESPONSE_HEADERS_REMAPPED,
} from './header-names.ts';
import { throughJson } from './json-value.ts';
import { type HttpReply, malformedResponse } from './replies.ts';

// The platform decodes the answer into typed fields (it is written in Go): a number where a string
// belongs fails the whole call, while null reads as "absent".
const HttpResultSchema = z.object({
  statusCode: z.number().int().min(200).max(599).nullish(),
  headers: z.record(z.string(), z.string()).nullish(),
  multiValueHeaders: z.record(z.string(), z.array(z.string())).nullish(),
  body: z.string().nullish(),
  isBase64Encoded: z.boolean().nullish(),
});
type HttpResultFields = z.infer<typeof HttpResultSchema>;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class MalformedResult extends Error {}

function collectHeaders(result: HttpResultFields): Array<[string, string[]]> {
  const byName = new Map<string, string[]>();
  const multi = new Map<string, string[]>();
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    const canonical = canonicalHeaderName(name);
    multi.set(canonical, [...(multi.get(canonical) ?? []), ...values]);
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) {
    const canonical = canonicalHeaderName(name);
    // The documented rule: a name present in multiValueHeaders ignores its `headers` value.
    if (!multi.has(canonical)) byName.set(canonical, [value]);
  }
  for (const [name, values] of multi) byName.set(name, values);

  const headers: Array<[string, string[]]> = [];
  for (const [name, values] of byName) {
    if (RESPONSE_HEADERS_REJECTED.has(name)) throw new MalformedResult(`header ${name} is not allowed`);
    // The host computes the length of what it really sends.
    if (RESPONSE_HEADERS_DROPPED.has(name) || name === 'Content-Length') continue;
    const sentName = RESPONSE_HEADERS_REMAPPED.has(name) ? REMAPPED_PREFIX + name : name;
    validateHeaderName(sentName);
    for (const value of values) validateHeaderValue(sentName, value);
    headers.push([sentName, values]);
  }
  return headers;
}

function decodeBody(result: HttpResultFields): Buffer {
  const body = result.body ?? '';
  if (!result.isBase64Encoded) return Buffer.from(body, 'utf8');
  // Line breaks are tolerated, as Go's decoder does; anything else outside the alphabet is an error.
  const compact = body.replace(/[\r\n]/g, '');
  if (!BASE64.test(compact)) throw new MalformedResult('body is not valid base64');
  return Buffer.from(compact, 'base64');
}

export function replyFromHttpResult(value: unknown): HttpReply {
  const trip = throughJson(value);
  if (!trip.ok) return malformedResponse(`(no JSON form: ${trip.reason})`);
  const parsed = HttpResultSchema.safeParse(trip.value);
  const isResult = parsed.success && (parsed.data.statusCode != null || parsed.data.body != null);
  if (!parsed.success || !isResult) return malformedResponse(trip.text);
  try {
    return { status: parsed.data.statusCode ?? 200, headers: collectHeaders(parsed.data), body: decodeBody(parsed.data) };
  } catch {
    // Header or body problems end the same way as a shape problem: the caller gets the platform's 502.
    return malformedResponse(trip.text);
  }
}
