import { assertKeysAllowed, isKeyAllowed } from '../access.ts';
import type { Invocation } from '../edge/invocation.ts';
import type { TimerTrigger } from '../edge/timer.ts';
import { logSweepReport } from './log-report.ts';
import { type SweepScope, sweepScope } from './scope.ts';
import { runSweep, type SweepResult } from './sweep.ts';

/** What both timers start with: the scope from config and payload, checked, swept and logged. */
export async function sweepForTimer(trigger: TimerTrigger, invocation: Invocation): Promise<SweepResult & { scope: SweepScope }> {
  const { config, log } = invocation;
  const scope = sweepScope(config, trigger.payload);
  assertKeysAllowed(config, scope.keyIds);
  const result = await runSweep(scope, {
    kms: invocation.kms,
    resourceManager: invocation.resourceManager,
    concurrency: config.sweepConcurrency,
    deadlineAt: invocation.deadlineAt,
    log,
    isKeyAllowed: (keyId) => isKeyAllowed(config, keyId),
  });
  logSweepReport(log, result.report, invocation.api.stats);
  return { ...result, scope };
}
