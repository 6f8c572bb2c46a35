import { assertKeysAllowed, isKeyAllowed } from '../access.ts';
import type { Invocation } from '../edge/invocation.ts';
import type { TimerTrigger } from '../edge/timer.ts';
import { logSweepReport } from './log-report.ts';
import type { SweepReport } from './report.ts';
import { type SweepScope, sweepScope } from './scope.ts';
import { runSweep } from './sweep.ts';

/** What both timers start with: the scope from config and payload, checked, swept and logged. */
export async function sweepForTimer(trigger: TimerTrigger, invocation: Invocation): Promise<{ scope: SweepScope; report: SweepReport }> {
  const { config, log } = invocation;
  const scope = sweepScope(config, trigger.payload);
  assertKeysAllowed(config, scope.keyIds);
  const report = await runSweep(invocation.kms, scope, {
    concurrency: config.sweepConcurrency,
    deadlineAt: invocation.deadlineAt,
    log,
    isKeyAllowed: (keyId) => isKeyAllowed(config, keyId),
  });
  logSweepReport(log, report, invocation.api.stats);
  return { scope, report };
}
