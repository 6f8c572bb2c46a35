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

let stack: Promise<typeof import('./http-stack.ts')> | undefined;

/** Loaded on the first request, so a cold start pays for HTTP only when a call really reaches KMS. */
function httpStack(): Promise<typeof import('./http-stack.ts')> {
  stack ??= import('./http-stack.ts');
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
