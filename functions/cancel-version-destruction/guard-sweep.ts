import type { Invocation } from '../../shared/edge/invocation.ts';
import type { TimerTrigger } from '../../shared/edge/timer.ts';
import { GuardError } from '../../shared/errors/guard-error.ts';
import { type BatchAnswer, cancelBatch } from '../../shared/guard/cancel-batch.ts';
import { logResult } from '../../shared/guard/outcomes.ts';
import type { SweepReport } from '../../shared/sweep/report.ts';
import { sweepForTimer } from '../../shared/sweep/timer-sweep.ts';

export type GuardReport = SweepReport & Partial<BatchAnswer>;

/**
 * The timer's guard sweep: find every scheduled version in scope and cancel each (unless a dry run).
 * After logging the whole result it throws when anything needed was not done (a cancellation failed or
 * is still pending, a key could not be read or reached), so the trigger's retry and dead-letter queue
 * take over.
 */
export async function guardSweep(trigger: TimerTrigger, invocation: Invocation): Promise<GuardReport> {
  const { log } = invocation;
  const { scope, report: sweep } = await sweepForTimer(trigger, invocation);
  if (scope.dryRun) {
    log.info('dry run: nothing cancelled', { wouldCancel: sweep.scheduled.length });
    return sweep;
  }
  const answer = await cancelBatch(invocation, sweep.scheduled, true);
  for (const result of answer.results) logResult(log, result);
  log.info('guard sweep finished', { ...answer.summary, complete: sweep.complete, ...invocation.api.stats });
  const { failed, pending } = answer.summary;
  if (failed + pending + sweep.errors.length + sweep.notReached.length > 0) {
    throw new GuardError(
      'ABORTED',
      `guard sweep incomplete: ${failed} cancellation(s) failed, ${pending} not confirmed yet (not saved), ${sweep.errors.length} key(s) unreadable, ${sweep.notReached.length} key(s) not reached`,
    );
  }
  return { ...sweep, ...answer };
}
