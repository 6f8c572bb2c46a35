import { assertKeysAllowed } from '../access.ts';
import type { Invocation } from '../edge/invocation.ts';
import type { TimerTrigger } from '../edge/timer.ts';
import { approvalOf } from '../guard/approvals.ts';
import { recordDryRun, recordSweep } from '../metrics/figures.ts';
import { logSweepReport } from './log-report.ts';
import type { ScheduledVersion } from './report.ts';
import { type SweepScope, sweepScope } from './scope.ts';
import { runSweep, type SweepResult } from './sweep.ts';
import { sweepDepsOf } from './sweep-deps.ts';

/** What both timers start with: the scope from config and payload, checked, swept and logged. */
export async function sweepForTimer(trigger: TimerTrigger, invocation: Invocation): Promise<SweepResult & { scope: SweepScope }> {
  const { config, log } = invocation;
  const startedAt = Date.now();
  const scope = sweepScope(config, trigger.payload);
  assertKeysAllowed(config, scope.keyIds);
  const result = await runSweep(scope, sweepDepsOf(invocation));
  logSweepReport(log, result.report, invocation.api.stats);
  const isApproved = (entry: ScheduledVersion) =>
    approvalOf(config, entry.versionId, entry.scheduledBy?.subjectId, result.keys.get(entry.keyId)?.labels) !== undefined;
  recordSweep(invocation.metrics, result.report, Date.now() - startedAt, isApproved);
  recordDryRun(invocation.metrics, scope.dryRun);
  return { ...result, scope };
}
