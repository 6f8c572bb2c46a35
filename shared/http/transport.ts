import type { Readable } from 'node:stream';
import { GuardError } from '../errors/guard-error.ts';
import { describeFetchFailure } from './fetch-failure.ts';
import { readCapped } from './read-capped.ts';
import { hostOf } from './url.ts';

interface HttpCall {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Names the call in errors, e.g. "ListVersions". */
  what: string;
  /** The most of the answer's body that is read. */
  maxBodyBytes: number;
  /** Past maxBodyBytes: stop reading and keep what came (true), or refuse the answer (false). */
  truncateBody?: boolean;
}

export interface HttpAnswer {
  status: number;
  header(name: string): string | null;
  text: string;
}

let stack: Promise<typeof import('./http-stack.ts')> | undefined;

/** Loaded on the first request, so a cold start pays for HTTP only when a call really goes out. */
function httpStack(): Promise<typeof import('./http-stack.ts')> {
  stack ??= import('./http-stack.ts');
  return stack;
}

/**
 * One HTTP exchange with a hard timeout. Redirects are never followed (a token must not travel to where
 * an answer points). Failures are GuardErrors that say whether a retry may pass and whether the request
 * may have taken effect.
 */
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
      redirect: 'manual',
      // Enforced by node-fetch while it reads the body (see read-capped.ts); a truncated read caps itself.
      size: call.truncateBody ? 0 : call.maxBodyBytes,
    });
    if (response.status >= 300 && response.status < 400) {
      // Its body is not read: destroyed, the connection closes; drained, a huge one would be read whole.
      (response.body as Readable | null)?.destroy();
      throw redirectError(call, response.status, response.headers.get('location'));
    }
    const text = await readCapped(response, call, () => hostOf(call.url));
    return { status: response.status, header: (name) => response.headers.get(name), text };
  } catch (error) {
    if (error instanceof GuardError) throw error;
    if (controller.signal.aborted) {
      throw new GuardError('DEADLINE_EXCEEDED', `${call.what}: no answer from ${hostOf(call.url)} within ${call.timeoutMs} ms`, {
        retryable: true,
        unconfirmed: true,
      });
    }
    throw describeFetchFailure(error, call.what, hostOf(call.url));
  } finally {
    clearTimeout(timer);
  }
}

/** Where a redirect pointed, without its query: enough to see the endpoint is wrong, nothing more. */
function redirectError(call: HttpCall, status: number, location: string | null): GuardError {
  let target = 'nowhere stated';
  if (location) {
    try {
      const url = new URL(location, call.url);
      target = `${url.protocol}//${url.host}${url.pathname}`;
    } catch {
      target = 'an address that is not a URL';
    }
  }
  return new GuardError(
    'INTERNAL',
    `${call.what}: ${hostOf(call.url)} answered with a redirect (HTTP ${status}) to ${target}; redirects are not followed, check the endpoint`,
  );
}
