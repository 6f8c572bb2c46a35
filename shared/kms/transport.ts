import http from 'node:http';
import https from 'node:https';
import fetch from 'node-fetch';
import { GuardError } from '../errors/guard-error.ts';

export interface HttpCall {
  method: 'GET' | 'POST';
  url: URL;
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

// One keep-alive agent per protocol for the life of the instance: warm invocations and every request
// of a sweep reuse open connections instead of paying a TCP and TLS handshake each time.
let httpAgent: http.Agent | undefined;
let httpsAgent: https.Agent | undefined;

function agentFor(url: URL): http.Agent {
  if (url.protocol === 'http:') return (httpAgent ??= new http.Agent({ keepAlive: true }));
  return (httpsAgent ??= new https.Agent({ keepAlive: true }));
}

/** One HTTP exchange with a hard timeout. Never throws anything but a retryable GuardError. */
export async function send(call: HttpCall): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), call.timeoutMs);
  try {
    const response = await fetch(call.url.href, {
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
      throw new GuardError('DEADLINE_EXCEEDED', `${call.what}: no answer from ${call.url.host} within ${call.timeoutMs} ms`, {
        retryable: true,
      });
    }
    // Only the error code (ECONNRESET...) is kept: messages of network errors can quote request details.
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : 'connection failed';
    throw new GuardError('UNAVAILABLE', `${call.what}: could not reach ${call.url.host} (${reason})`, { retryable: true });
  } finally {
    clearTimeout(timer);
  }
}
