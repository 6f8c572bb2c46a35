import type { Invocation } from '../../shared/edge/invocation.ts';
import type { TimerTrigger } from '../../shared/edge/timer.ts';
import { GuardError } from '../../shared/errors/guard-error.ts';
import { type GuardAnswer, guardDestructions } from '../../shared/guard/guard-versions.ts';
import { logResult } from '../../shared/guard/outcomes.ts';
import { recordOutcomes } from '../../shared/metrics/figures.ts';
import { countRefs, type SweepReport } from '../../shared/sweep/report.ts';
import { sweepForTimer } from '../../shared/sweep/timer-sweep.ts';

export type GuardReport = SweepReport & GuardAnswer;

/**
 * The timer's guard sweep: find every scheduled version in scope and cancel each, unless approved (or,
 * in a dry run, say it would). After logging the whole result it throws when anything needed was not
 * done (a cancellation failed or is still pending, something in scope could not be read or reached),
 * so the trigger's retry and dead-letter queue take over. A dry run changes nothing and never throws.
 */
export async function guardSweep(trigger: TimerTrigger, invocation: Invocation): Promise<GuardReport> {
  const { log } = invocation;
  const { scope, report, keys } = await sweepForTimer(trigger, invocation);
  const found = report.scheduled.map((entry) => ({
    target: { keyId: entry.keyId, versionId: entry.versionId },
    scheduledBy: entry.scheduledBy,
    labels: keys.get(entry.keyId)?.labels,
  }));
  const answer = await guardDestructions(invocation, found, scope.dryRun);
  for (const result of answer.results) logResult(log, result);
  recordOutcomes(invocation.metrics, answer.summary);
  log.info(scope.dryRun ? 'dry run: nothing cancelled' : 'guard sweep finished', {
    ...answer.summary,
    complete: report.complete,
    ...invocation.api.stats,
  });
  const { failed, pending } = answer.summary;
  if (!scope.dryRun && failed + pending + report.errors.length + report.notReached.length > 0) {
    throw new GuardError(
      'ABORTED',
      `guard sweep incomplete: ${failed} cancellation(s) failed, ${pending} not confirmed yet (not saved), ${countRefs(report.errors)} unreadable, ${countRefs(report.notReached)} not reached`,
    );
  }
  return { ...report, ...answer };
}
