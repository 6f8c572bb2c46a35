import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GuardError } from '../../shared/errors/guard-error.ts';
import { backoffDelay, withRetries } from '../../shared/http/retry.ts';
import { parseRetryAfter } from '../../shared/http/retry-after.ts';

test('Retry-After in seconds or as an HTTP date', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  assert.equal(parseRetryAfter('3', now), 3000);
  assert.equal(parseRetryAfter('Mon, 23 Nov 2026 12:00:05 GMT', now), 5000);
  assert.equal(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

test('backoff grows exponentially, stays under the cap, and is jittered over the whole range', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  assert.equal(
    backoffDelay(0, policy, () => 0.999),
    99,
  );
  assert.equal(
    backoffDelay(2, policy, () => 0.999),
    399,
  );
  assert.equal(
    backoffDelay(10, policy, () => 0.999),
    999,
  );
  assert.equal(
    backoffDelay(3, policy, () => 0),
    0,
  );
});

test('retryable failures are retried until success; others fail at once', async () => {
  let calls = 0;
  const policy = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2 };
  const value = await withRetries(
    async () => {
      if (++calls < 3) throw new GuardError('UNAVAILABLE', 'down', { retryable: true });
      return 'ok';
    },
    { policy, deadlineAt: Date.now() + 5_000 },
  );
  assert.equal(value, 'ok');
  assert.equal(calls, 3);

  calls = 0;
  await assert.rejects(
    withRetries(
      async () => {
        calls++;
        throw new GuardError('NOT_FOUND', 'gone');
      },
      { policy, deadlineAt: Date.now() + 5_000 },
    ),
    /NOT_FOUND/,
  );
  assert.equal(calls, 1);
});

test('attempts are bounded, and no wait runs past the deadline', async () => {
  let calls = 0;
  await assert.rejects(
    withRetries(
      async () => {
        calls++;
        throw new GuardError('UNAVAILABLE', 'down', { retryable: true });
      },
      { policy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 }, deadlineAt: Date.now() + 5_000 },
    ),
    /UNAVAILABLE/,
  );
  assert.equal(calls, 3);

  calls = 0;
  await assert.rejects(
    withRetries(
      async () => {
        calls++;
        throw new GuardError('RESOURCE_EXHAUSTED', 'slow down', { retryable: true, retryAfterMs: 60_000 });
      },
      { policy: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 }, deadlineAt: Date.now() + 1_000 },
    ),
    /RESOURCE_EXHAUSTED/,
  );
  assert.equal(calls, 1, 'a Retry-After beyond the deadline is not waited for');
});

test('a shared budget is spent by failed attempts only: successes are free, failures stop every call that shares it', async () => {
  const policy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 };
  const budget = { left: 2 };
  const deadlineAt = Date.now() + 5_000;
  for (let page = 0; page < 5; page++) assert.equal(await withRetries(async () => page, { policy, deadlineAt, budget }), page);
  assert.equal(budget.left, 2, 'five successful calls took nothing');

  let calls = 0;
  const failing = async () => {
    calls++;
    throw new GuardError('UNAVAILABLE', 'down', { retryable: true });
  };
  await assert.rejects(withRetries(failing, { policy, deadlineAt, budget }), /UNAVAILABLE: down/);
  assert.equal(calls, 2, 'two failures spent the budget before the policy allowed three attempts');
  await assert.rejects(withRetries(failing, { policy, deadlineAt, budget }), /attempts this call may make are used up/);
  assert.equal(calls, 2, 'a later call that shares it sends nothing');
});
