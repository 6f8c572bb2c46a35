import type http from 'node:http';
import { GuardError } from '../errors/guard-error.ts';

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Names the call in errors, e.g. "ListVersions". */
  what: string;
}

export interface HttpAnswer {
  status: number;
  header(name: string): string | null;
  text: string;
}

interface HttpStack {
  fetch: typeof import('node-fetch').default;
  agentFor: (url: URL) => http.Agent;
}

let stack: Promise<HttpStack> | undefined;

/**
 * node-fetch and Node's HTTP modules are loaded on the first request, not at module load: a cold start
 * then pays for them only when a call really reaches KMS (bad input never does). One keep-alive agent per
 * protocol lives as long as the instance: warm invocations and every request of a sweep reuse open
 * connections instead of paying a TCP and TLS handshake each time.
 */
function httpStack(): Promise<HttpStack> {
  stack ??= Promise.all([import('node-fetch'), import('node:http'), import('node:https')]).then(([nodeFetch, httpModule, httpsModule]) => {
    const httpAgent = new httpModule.Agent({ keepAlive: true });
    const httpsAgent = new httpsModule.Agent({ keepAlive: true });
    return { fetch: nodeFetch.default, agentFor: (url: URL) => (url.protocol === 'http:' ? httpAgent : httpsAgent) };
  });
  return stack;
}

/** One HTTP exchange with a hard timeout. Never throws anything but a retryable GuardError. */
export async function send(call: HttpCall): Promise<HttpAnswer> {
  const { fetch, agentFor } = await httpStack();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), call.timeoutMs);
  try {
    const response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      agent: agentFor,
      signal: controller.signal,
      redirect: 'error',
    });
    const text = await response.text();
    return { status: response.status, header: (name) => response.headers.get(name), text };
  } catch (error) {
    if (controller.signal.aborted) {
      throw new GuardError('DEADLINE_EXCEEDED', `${call.what}: no answer from ${hostOf(call.url)} within ${call.timeoutMs} ms`, {
        retryable: true,
      });
    }
    // Only the error code (ECONNRESET...) is kept: messages of network errors can quote request details.
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : 'connection failed';
    throw new GuardError('UNAVAILABLE', `${call.what}: could not reach ${hostOf(call.url)} (${reason})`, { retryable: true });
  } finally {
    clearTimeout(timer);
  }
}

/** host[:port] of a URL, for messages: never its path or query. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the endpoint';
  }
}
