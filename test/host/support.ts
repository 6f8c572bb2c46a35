// Shared by the host tests: a host that closes itself after the test, handlers that report what they
// received, and a plain node:http client for what fetch cannot send (repeated headers, odd methods).
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { TestContext } from 'node:test';
import { type FunctionContext, type FunctionHandler, type HostOptions, type LocalHost, startHost } from '../../local/host/index.ts';

export interface Served {
  host: LocalHost;
  lines: string[];
}

export async function serve(t: TestContext, functions: HostOptions['functions'], options: Partial<HostOptions> = {}): Promise<Served> {
  const lines: string[] = [];
  const host = await startHost({ log: (line) => lines.push(line), ...options, functions });
  t.after(() => host.close());
  return { host, lines };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The context as plain data, so a handler can send it back. */
export function contextSnapshot(context: FunctionContext): Record<string, unknown> {
  let payload: unknown;
  try {
    payload = context.getPayload();
  } catch (error) {
    payload = { getPayloadThrew: (error as Error).name };
  }
  return {
    functionName: context.functionName,
    functionVersion: context.functionVersion,
    memoryLimitInMB: context.memoryLimitInMB,
    requestId: context.requestId,
    hasToken: 'token' in context,
    token: context.token,
    remainingMs: context.getRemainingTimeInMillis(),
    payload,
  };
}

export interface Echoed {
  // The event arrives as JSON; tests read whatever fields they check.
  event: Record<string, any>;
  context: Record<string, any>;
}

/** HTTP integration: answers with the event and context it was given. */
export const echo: FunctionHandler = (event, context) => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ event, context: contextSnapshot(context) }),
});

/** Raw integration and triggers: returns the event and context as the value. */
export const echoValue: FunctionHandler = async (event, context) => ({ event, context: contextSnapshot(context) });

export async function echoed(response: Response): Promise<Echoed> {
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${await response.text()}`);
  return (await response.json()) as Echoed;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string | string[]>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A response's JSON, typed loosely: tests read whichever fields they check. */
export const json = (response: Response): Promise<any> => response.json();
