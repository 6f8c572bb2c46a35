import { assertKeysAllowed } from '../access.ts';
import { timerPayload } from '../events/trigger-messages.ts';
import type { Invocation } from '../handler/invocation.ts';
import { logSweepReport } from './log-report.ts';
import type { SweepReport } from './report.ts';
import { type SweepScope, sweepScope } from './scope.ts';
import { runSweep } from './sweep.ts';

/** What both timers start with: the scope from config and payload, checked, swept and logged. */
export async function sweepForTimer(
  event: Record<string, unknown>,
  invocation: Invocation,
): Promise<{ scope: SweepScope; report: SweepReport }> {
  const { config, log } = invocation;
  const scope = sweepScope(config, timerPayload(event));
  assertKeysAllowed(config, scope.keyIds);
  const report = await runSweep(invocation.kms, scope, {
    concurrency: config.sweepConcurrency,
    deadlineAt: invocation.deadlineAt,
    log,
    allowedKeyIds: config.allowedKeyIds,
  });
  logSweepReport(log, report, invocation.kms.stats);
  return { scope, report };
}
