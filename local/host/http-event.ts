// Turns a received HTTP request into the event the function URL hands to a function.
import { randomUUID } from 'node:crypto';
import { formatClfTime } from './clf-time.ts';
import { canonicalHeaderName, REQUEST_HEADERS_REMOVED } from './header-names.ts';
import { newRequestId } from './ids.ts';
import { isJsonMediaType } from './media-type.ts';
import { parseQuery } from './query.ts';
import { getField, setField } from './records.ts';
import type { HttpEvent, HttpMethod } from './types.ts';

export type HeaderPairs = ReadonlyArray<readonly [string, string]>;

export interface RequestSnapshot {
  method: HttpMethod;
  /** Path and query as sent, e.g. `/functions/list-versions?keyId=abc`. */
  url: string;
  /** In arrival order; pairs (or Node's rawHeaders via headerPairs) keep repeated headers apart. */
  headers: HeaderPairs | Record<string, string | readonly string[] | undefined>;
  body?: Buffer | string;
  sourceIp?: string;
  sourcePort?: number;
  requestId?: string;
  receivedAt?: Date;
}

/** Node's flat rawHeaders (`[name, value, name, value…]`) as pairs. */
export function headerPairs(rawHeaders: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return pairs;
}

function toPairs(headers: RequestSnapshot['headers']): HeaderPairs {
  if (Array.isArray(headers)) return headers as HeaderPairs;
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of typeof value === 'string' ? [value] : value) pairs.push([name, one]);
  }
  return pairs;
}

/** What the platform's front end adds on its way to the function (seen in real events). */
function platformHeaders(pairs: HeaderPairs, ip: string, port: number, requestId: string): HeaderPairs {
  const managed = new Set(['X-Forwarded-For', 'X-Real-Remote-Address', 'X-Request-Id', 'X-Trace-Id']);
  const forwardedFor = pairs.filter(([name]) => name === 'X-Forwarded-For').map(([, value]) => value);
  return [
    ...pairs.filter(([name]) => !managed.has(name)),
    // Like any proxy, it appends the peer address to what the client already claimed.
    ['X-Forwarded-For', [...forwardedFor, ip].join(', ')],
    ['X-Real-Remote-Address', `[${ip}]:${port}`],
    ['X-Request-Id', requestId],
    ['X-Trace-Id', randomUUID()],
  ];
}

export function httpEventFromRequest(request: RequestSnapshot): HttpEvent {
  const requestId = request.requestId ?? newRequestId();
  const receivedAt = request.receivedAt ?? new Date();
  const sourceIp = request.sourceIp ?? '127.0.0.1';
  const canonical = toPairs(request.headers)
    .map(([name, value]): [string, string] => [canonicalHeaderName(name), value])
    .filter(([name]) => !REQUEST_HEADERS_REMOVED.has(name));
  const pairs = platformHeaders(canonical, sourceIp, request.sourcePort ?? 0, requestId);

  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    setField(headers, name, value);
    const values = getField(multiValueHeaders, name);
    if (values) values.push(value);
    else setField(multiValueHeaders, name, [value]);
  }

  const queryStart = request.url.indexOf('?');
  const query = parseQuery(queryStart < 0 ? '' : request.url.slice(queryStart + 1));
  const body = typeof request.body === 'string' ? Buffer.from(request.body) : (request.body ?? Buffer.alloc(0));
  // JSON stays readable text; everything else travels base64 so binary survives the JSON envelope.
  const asText = isJsonMediaType(getField(headers, 'Content-Type')) || body.length === 0;

  return {
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.single,
    multiValueQueryStringParameters: query.multi,
    requestContext: {
      identity: { sourceIp, userAgent: getField(headers, 'User-Agent') ?? '' },
      httpMethod: request.method,
      requestId,
      requestTime: formatClfTime(receivedAt),
      requestTimeEpoch: Math.floor(receivedAt.getTime() / 1000),
    },
    body: asText ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !asText,
    path: '',
  };
}
