import { mapConcurrent } from '../concurrency.ts';
import type { Invocation } from '../edge/invocation.ts';
import { asGuardError, GuardError } from '../errors/guard-error.ts';
import { cancelOne } from './cancel-one.ts';
import { type CancelResult, type CancelSummary, type CancelTarget, failed, summarize, targetKey } from './outcomes.ts';

interface BatchAnswer {
  results: CancelResult[];
  summary: CancelSummary;
}

/** Below this much time left a cancel is not started: it could not be confirmed before the deadline. */
const MIN_TIME_FOR_A_CANCEL_MS = 200;

/**
 * Cancels every target once (duplicates share one result), one key at a time per worker and up to
 * SWEEP_CONCURRENCY keys at once, and answers exactly one result per target, in input order, whatever
 * happens to any one of them.
 */
export async function cancelBatch(invocation: Invocation, targets: readonly CancelTarget[], wait: boolean): Promise<BatchAnswer> {
  const byKey = new Map<string, Set<string>>();
  for (const { keyId, versionId } of targets) byKey.set(keyId, (byKey.get(keyId) ?? new Set<string>()).add(versionId));
  const outcomes = new Map<string, CancelResult>();
  await mapConcurrent([...byKey], invocation.config.sweepConcurrency, async ([keyId, versionIds]) => {
    for (const versionId of versionIds) {
      const target = { keyId, versionId };
      outcomes.set(targetKey(target), await cancelInTime(invocation, target, wait));
    }
  });
  const results = targets.map((target) => outcomes.get(targetKey(target)) ?? failed(target, new GuardError('INTERNAL', 'internal error')));
  return { results, summary: summarize(results) };
}

async function cancelInTime(invocation: Invocation, target: CancelTarget, wait: boolean): Promise<CancelResult> {
  if (invocation.deadlineAt - Date.now() < MIN_TIME_FOR_A_CANCEL_MS) {
    return failed(target, new GuardError('DEADLINE_EXCEEDED', 'not attempted: the invocation ran out of time', { retryable: true }));
  }
  try {
    return await cancelOne(invocation.kms, target, { wait, deadlineAt: invocation.deadlineAt });
  } catch (caught) {
    return failed(target, asGuardError(caught));
  }
}
