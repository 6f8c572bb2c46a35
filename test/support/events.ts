// Events in the platform's documented formats and the invocation context, for calling handlers as Cloud
// Functions does.
import { randomUUID } from 'node:crypto';
import { createContext } from '../../local/host/context.ts';
import type { FunctionContext } from '../../local/host/types.ts';

export interface HttpEventParts {
  method?: string;
  query?: Record<string, string>;
  params?: Record<string, string>;
  pathParams?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export function httpEvent(parts: HttpEventParts = {}): Record<string, unknown> {
  const method = parts.method ?? 'GET';
  const headers = { 'User-Agent': 'test', ...parts.headers };
  const query = parts.query ?? {};
  const event: Record<string, unknown> = {
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])),
    requestContext: {
      identity: { sourceIp: '127.0.0.1', userAgent: 'test' },
      httpMethod: method,
      requestId: randomUUID(),
      requestTime: '23/Nov/2026:12:00:00 +0000',
      requestTimeEpoch: 1795435200,
    },
    body: parts.body ?? '',
    isBase64Encoded: parts.isBase64Encoded ?? false,
    path: '',
  };
  if (parts.params) event.params = parts.params;
  if (parts.pathParams) event.pathParams = parts.pathParams;
  return event;
}

export interface InvocationContextOptions {
  token?: string;
  remainingMs?: number;
}

/** The invocation context, built as the local host builds it; the token is present only when given. */
export function invocationContext(options: InvocationContextOptions = {}): FunctionContext {
  return createContext({
    functionName: 'd4etestfunction00001',
    functionVersion: 'd4etestversion000001',
    token: options.token,
    timeoutMs: options.remainingMs ?? 30_000,
  });
}

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json: any;
}

/** Checks the handler gave a well-formed HTTP result and parses its JSON body. */
export function asHttpAnswer(result: unknown): HttpAnswer {
  const r = result as { statusCode?: unknown; headers?: Record<string, string>; body?: unknown };
  if (typeof r?.statusCode !== 'number' || typeof r.body !== 'string') {
    throw new Error(`not an HTTP result: ${JSON.stringify(result)}`);
  }
  return { statusCode: r.statusCode, headers: r.headers ?? {}, body: r.body, json: JSON.parse(r.body) };
}
