import type * as z from 'zod/mini';
import { GuardError } from '../errors/guard-error.ts';
import { violationsOf } from '../validation/issues.ts';
import { errorFromAnswer, parseJson } from './api-error.ts';
import { type AttemptBudget, type RetryOptions, type RetryPolicy, withRetries } from './retry.ts';
import { send } from './transport.ts';

interface CloudApiOptions {
  /** Returns the IAM token, or throws UNAUTHENTICATED; called once per request, never logged. */
  token: () => string;
  /** Epoch ms by which every request must have finished (the invocation's deadline less a margin). */
  deadlineAt: number;
  requestTimeoutMs: number;
  retryPolicy: RetryPolicy;
}

export interface ApiStats {
  requests: number;
  retries: number;
}

export interface ApiRequest<T> {
  /** The API, as errors name it: "KMS", "Resource Manager". */
  service: string;
  /** The call, as errors name it: "ListVersions". */
  what: string;
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  schema: z.ZodMiniType<T>;
  body?: unknown;
  /** One attempt only: the caller decides what to do before sending again (see guard/cancel-one.ts). */
  once?: boolean;
  budget?: AttemptBudget;
}

/**
 * Far above the largest real answer (a page of 1,000 keys is well under 2 MB), low enough that a
 * runaway answer cannot take the function's memory.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/**
 * A Yandex Cloud REST API as the functions call it: Bearer token, per-request timeout inside the
 * invocation's deadline, retries of what may pass, answers checked against their schema. One per
 * invocation, shared by every API the invocation calls, so its stats count them all.
 */
export class CloudApi {
  readonly stats: ApiStats = { requests: 0, retries: 0 };

  constructor(private readonly options: CloudApiOptions) {}

  get deadlineAt(): number {
    return this.options.deadlineAt;
  }

  /** A fresh budget of as many attempts as one request may make. */
  budget(): AttemptBudget {
    return { left: this.options.retryPolicy.maxAttempts };
  }

  /** The invocation's retry loop for work that is more than one request (see guard/cancel-one.ts). */
  retrying<T>(attempt: (index: number) => Promise<T>, hooks: Pick<RetryOptions<T>, 'beforeRetry'> = {}): Promise<T> {
    return withRetries(attempt, { ...hooks, ...this.retryOptions(this.options.retryPolicy) });
  }

  async call<T>(request: ApiRequest<T>): Promise<T> {
    const { what, method, url } = request;
    const headers: Record<string, string> = { Authorization: `Bearer ${this.options.token()}` };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    const policy = request.once ? { ...this.options.retryPolicy, maxAttempts: 1 } : this.options.retryPolicy;
    return withRetries(
      async () => {
        const timeoutMs = Math.min(this.options.requestTimeoutMs, this.options.deadlineAt - Date.now());
        if (timeoutMs <= 0) throw new GuardError('DEADLINE_EXCEEDED', `${what}: not sent, the invocation has no time left`);
        this.stats.requests++;
        const answer = await send({ method, url, headers, body: payload, timeoutMs, what, maxBodyBytes: MAX_ANSWER_BYTES });
        if (answer.status < 200 || answer.status > 299) throw errorFromAnswer(answer, what);
        return decodeBody(answer.text, request);
      },
      { ...this.retryOptions(policy), budget: request.budget },
    );
  }

  private retryOptions(policy: RetryPolicy): RetryOptions<never> {
    return { policy, deadlineAt: this.options.deadlineAt, onRetry: () => this.stats.retries++ };
  }
}

/** The body of a successful answer, checked against its schema; a malformed one may be a passing fault. */
function decodeBody<T>(text: string, { service, what, schema }: ApiRequest<T>): T {
  const body = parseJson(text);
  if (body === undefined)
    throw new GuardError('INTERNAL', `${what}: ${service} answered with a body that is not JSON`, { retryable: true });
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  // Parsed again with the inputs in the issues, only now, to say "is required" from "must be a string".
  const issues = schema.safeParse(body, { reportInput: true }).error?.issues ?? result.error.issues;
  const problems = violationsOf(issues.slice(0, 3)).map((v) => `${v.field} ${v.description}`);
  throw new GuardError('INTERNAL', `${what}: ${service} answered with an unexpected body: ${problems.join('; ')}`, { retryable: true });
}
