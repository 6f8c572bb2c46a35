import { assertKeysAllowed } from '../../shared/access.ts';
import { asGuardError } from '../../shared/errors/guard-error.ts';
import { timerPayload } from '../../shared/events/trigger-messages.ts';
import type { Invocation } from '../../shared/handler/invocation.ts';
import { handOff } from '../../shared/sweep/hand-off.ts';
import { logSweepReport } from '../../shared/sweep/log-report.ts';
import type { SweepReport } from '../../shared/sweep/report.ts';
import { sweepScope } from '../../shared/sweep/scope.ts';
import { runSweep } from '../../shared/sweep/sweep.ts';

/** The timer's report sweep: find every scheduled version in scope, log it, return it, and chain it on. */
export async function reportSweep(event: Record<string, unknown>, invocation: Invocation): Promise<SweepReport> {
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
  if (config.chainUrl) {
    const target = new URL(config.chainUrl).host;
    try {
      const status = await handOff(config.chainUrl, report, {
        token: invocation.token(),
        deadlineAt: invocation.deadlineAt,
        timeoutMs: config.requestTimeoutMs,
      });
      log.info('report handed off', { target, status, scheduled: report.scheduled.length });
    } catch (caught) {
      const error = asGuardError(caught);
      log.error('report hand-off failed', { target, code: error.code, reason: error.description });
      throw error;
    }
  }
  return report;
}
