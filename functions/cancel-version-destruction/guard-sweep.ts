import type { Invocation } from '../../shared/edge/invocation.ts';
import type { TimerTrigger } from '../../shared/edge/timer.ts';
import { GuardError } from '../../shared/errors/guard-error.ts';
import { destructionsFound, type GuardAnswer, guardDestructions } from '../../shared/guard/guard-versions.ts';
import { type KeyAnswer, logKeyResult } from '../../shared/guard/key-outcomes.ts';
import { enforceProtection } from '../../shared/guard/key-posture.ts';
import { logResult } from '../../shared/guard/outcomes.ts';
import { recordKeyOutcomes, recordOutcomes } from '../../shared/metrics/figures.ts';
import { countRefs, type SweepReport } from '../../shared/sweep/report.ts';
import { sweepForTimer } from '../../shared/sweep/timer-sweep.ts';

export type GuardReport = SweepReport & GuardAnswer & KeyAnswer;

/**
 * The timer's guard sweep: find every scheduled version in scope and cancel each, unless approved (or,
 * in a dry run, say it would); with ENFORCE_DELETION_PROTECTION=true, turn deletion protection on for
 * every key in scope without it, unless approved. After logging the whole result it throws when
 * anything needed was not done (a cancellation or protection failed or is still pending, something in
 * scope could not be read or reached), so the trigger's retry and dead-letter queue take over. A dry
 * run changes nothing and never throws.
 */
export async function guardSweep(trigger: TimerTrigger, invocation: Invocation): Promise<GuardReport> {
  const { log } = invocation;
  const { scope, report, keys } = await sweepForTimer(trigger, invocation);
  const found = destructionsFound(report.scheduled, keys);
  // Versions first: a scheduled destruction has a date, a key without protection only a risk.
  const answer = await guardDestructions(invocation, found, scope.dryRun);
  const keyAnswer = await enforceProtection(invocation, report.unprotectedKeys, scope.dryRun);
  for (const result of answer.results) logResult(log, result);
  for (const result of keyAnswer.keyResults) logKeyResult(log, result);
  recordOutcomes(invocation.metrics, answer.summary);
  recordKeyOutcomes(invocation.metrics, keyAnswer.keySummary, { deletions: false });
  log.info(scope.dryRun ? 'dry run: nothing cancelled' : 'guard sweep finished', {
    ...answer.summary,
    keys: keyAnswer.keySummary,
    complete: report.complete,
    ...invocation.api.stats,
  });
  const { failed, pending } = answer.summary;
  const unprotected = keyAnswer.keySummary.failed + keyAnswer.keySummary.pending;
  if (!scope.dryRun && failed + pending + unprotected + report.errors.length + report.notReached.length > 0) {
    throw new GuardError(
      'ABORTED',
      `guard sweep incomplete: ${failed} cancellation(s) failed, ${pending} not confirmed yet (not saved), ${countRefs(report.errors)} unreadable, ${countRefs(report.notReached)} not reached${unprotected > 0 ? `, ${unprotected} key(s) not confirmed protected from deletion` : ''}`,
    );
  }
  return { ...report, ...answer, ...keyAnswer };
}
