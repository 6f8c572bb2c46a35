import { GuardError } from '../errors/guard-error.ts';

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Failed attempts several calls share (e.g. every lookup one cancel makes): each attempt that fails
 * takes one. One that succeeds takes none, so a list read page by page is not cut short by its length.
 */
export interface AttemptBudget {
  left: number;
}

/** Exponential backoff with full jitter: a random wait up to base·2^retry, capped. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export interface RetryOptions<T> {
  policy: RetryPolicy;
  /** Epoch ms after which no attempt may start or be waited for. */
  deadlineAt: number;
  budget?: AttemptBudget;
  onRetry?: (error: GuardError, delayMs: number) => void;
  /**
   * Called after a failure that would be retried, before anything is sent again ("look before you
   * resend"): a value it returns settles the call instead.
   */
  beforeRetry?: (error: GuardError) => Promise<T | undefined>;
}

/**
 * Runs `attempt` again on failures that may pass (GuardError.retryable), until it succeeds, attempts
 * or the shared budget run out, or waiting would pass the deadline; then the last error is thrown.
 */
export async function withRetries<T>(attempt: (index: number) => Promise<T>, options: RetryOptions<T>): Promise<T> {
  for (let index = 0; ; index++) {
    if (options.budget && options.budget.left <= 0) {
      throw new GuardError('UNAVAILABLE', 'not sent: the attempts this call may make are used up', { retryable: true });
    }
    try {
      return await attempt(index);
    } catch (error) {
      if (options.budget) options.budget.left--;
      if (!(error instanceof GuardError) || !error.retryable || index + 1 >= options.policy.maxAttempts) throw error;
      if (options.budget && options.budget.left <= 0) throw error;
      const settled = await options.beforeRetry?.(error);
      if (settled !== undefined) return settled;
      // The server's Retry-After is a floor: waiting less only earns another refusal.
      const delayMs = Math.max(error.retryAfterMs ?? 0, backoffDelay(index, options.policy));
      if (Date.now() + delayMs >= options.deadlineAt) throw error;
      options.onRetry?.(error, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
