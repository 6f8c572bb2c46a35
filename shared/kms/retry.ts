import { GuardError } from '../errors/guard-error.ts';

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5_000 };

/** Exponential backoff with full jitter: a random wait up to base·2^retry, capped. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export interface RetryOptions {
  policy: RetryPolicy;
  /** Epoch ms after which no attempt may start or be waited for. */
  deadlineAt: number;
  onRetry?: (error: GuardError, delayMs: number) => void;
}

/** Runs `attempt` again on retryable failures until it succeeds, attempts run out or the deadline nears. */
export async function withRetries<T>(attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof GuardError) || !error.retryable || retry + 1 >= options.policy.maxAttempts) throw error;
      // The server's Retry-After is a floor: waiting less only earns another refusal.
      const delayMs = Math.max(error.retryAfterMs ?? 0, backoffDelay(retry, options.policy));
      if (Date.now() + delayMs >= options.deadlineAt) throw error;
      options.onRetry?.(error, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
