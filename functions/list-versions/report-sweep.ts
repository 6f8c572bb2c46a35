import { asGuardError } from '../../shared/errors/guard-error.ts';
import type { Invocation } from '../../shared/handler/invocation.ts';
import { hostOf } from '../../shared/kms/transport.ts';
import { handOff } from '../../shared/sweep/hand-off.ts';
import type { SweepReport } from '../../shared/sweep/report.ts';
import { sweepForTimer } from '../../shared/sweep/timer-sweep.ts';

/** The timer's report sweep: find every scheduled version in scope, log it, return it, and chain it on. */
export async function reportSweep(event: Record<string, unknown>, invocation: Invocation): Promise<SweepReport> {
  const { config, log } = invocation;
  const { report } = await sweepForTimer(event, invocation);
  if (config.chainUrl) {
    const target = hostOf(config.chainUrl);
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
