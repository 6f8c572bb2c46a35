import { GuardError } from '../../shared/errors/guard-error.ts';
import type { Invocation } from '../../shared/handler/invocation.ts';
import type { SweepReport } from '../../shared/sweep/report.ts';
import { sweepForTimer } from '../../shared/sweep/timer-sweep.ts';
import { type BatchAnswer, cancelBatch } from './cancel-batch.ts';

export type GuardReport = SweepReport & Partial<BatchAnswer>;

/**
 * The timer's guard sweep: find every scheduled version in scope and cancel each (unless a dry run).
 * After logging the whole result it throws when anything needed was not done, a cancellation failed or
 * a key could not be read, so the trigger's retry and dead-letter queue take over.
 */
export async function guardSweep(event: Record<string, unknown>, invocation: Invocation): Promise<GuardReport> {
  const { log } = invocation;
  const { scope, report: sweep } = await sweepForTimer(event, invocation);
  if (scope.dryRun) {
    log.info('dry run: nothing cancelled', { wouldCancel: sweep.scheduled.length });
    return sweep;
  }
  const answer = await cancelBatch(invocation, sweep.scheduled, true);
  const report: GuardReport = { ...sweep, ...answer };
  for (const result of answer.results) {
    const fields = { keyId: result.keyId, versionId: result.versionId, outcome: result.outcome };
    if (result.outcome === 'failed') log.error('could not cancel destruction', { ...fields, error: result.error });
    else log.info('destruction cancelled', fields);
  }
  log.info('guard sweep finished', { ...answer.summary, complete: sweep.complete, ...invocation.kms.stats });
  const failures = answer.summary.failed + sweep.errors.length + sweep.notReached.length;
  if (failures > 0) {
    throw new GuardError(
      'ABORTED',
      `guard sweep incomplete: ${answer.summary.failed} cancellation(s) failed, ${sweep.errors.length} key(s) unreadable, ${sweep.notReached.length} key(s) not reached`,
    );
  }
  return report;
}
