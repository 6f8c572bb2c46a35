import { mapConcurrent } from '../../shared/concurrency.ts';
import { GuardError } from '../../shared/errors/guard-error.ts';
import type { Invocation } from '../../shared/handler/invocation.ts';
import type { KmsClient } from '../../shared/kms/client.ts';
import { type CancelOptions, type CancelResult, cancelOne, failed } from './cancel-one.ts';
import type { CancelTarget } from './input.ts';

export interface CancelSummary {
  cancelled: number;
  pending: number;
  alreadyActive: number;
  failed: number;
}

export interface BatchAnswer {
  results: CancelResult[];
  summary: CancelSummary;
}

/** Below this much time left a cancel is not started: it could not be confirmed before the deadline. */
const MIN_TIME_FOR_A_CANCEL_MS = 200;

/**
 * Cancels every target once (duplicates share one result), one key at a time per worker and up to
 * SWEEP_CONCURRENCY keys at once, and answers one result per target in input order.
 */
export async function cancelBatch(invocation: Invocation, targets: readonly CancelTarget[], wait: boolean): Promise<BatchAnswer> {
  const { kms, deadlineAt } = invocation;
  const byKey = new Map<string, Set<string>>();
  for (const { keyId, versionId } of targets) {
    const versions = byKey.get(keyId) ?? new Set<string>();
    byKey.set(keyId, versions.add(versionId));
  }
  const outcomes = new Map<string, CancelResult>();
  await mapConcurrent([...byKey], invocation.config.sweepConcurrency, async ([keyId, versionIds]) => {
    for (const versionId of versionIds) {
      const target = { keyId, versionId };
      outcomes.set(pairKey(target), await cancelInTime(kms, target, { wait, deadlineAt }));
    }
  });
  const results = targets.map((target) => outcomes.get(pairKey(target))!);
  return { results, summary: summarize(results) };
}

async function cancelInTime(kms: KmsClient, target: CancelTarget, options: CancelOptions): Promise<CancelResult> {
  if (options.deadlineAt - Date.now() < MIN_TIME_FOR_A_CANCEL_MS) {
    return failed(target, new GuardError('DEADLINE_EXCEEDED', 'not attempted: the invocation ran out of time', { retryable: true }));
  }
  return cancelOne(kms, target, options);
}

export function summarize(results: readonly CancelResult[]): CancelSummary {
  const summary: CancelSummary = { cancelled: 0, pending: 0, alreadyActive: 0, failed: 0 };
  for (const { outcome } of results) {
    if (outcome === 'already-active') summary.alreadyActive++;
    else summary[outcome]++;
  }
  return summary;
}

function pairKey(target: CancelTarget): string {
  return `${target.keyId}/${target.versionId}`;
}
