import { chainReport } from '../../shared/chain/chain-report.ts';
import type { Invocation } from '../../shared/edge/invocation.ts';
import type { TimerTrigger } from '../../shared/edge/timer.ts';
import type { SweepReport } from '../../shared/sweep/report.ts';
import { sweepForTimer } from '../../shared/sweep/timer-sweep.ts';

/** The timer's report sweep: find every scheduled version in scope, log it, return it, and chain it on. */
export async function reportSweep(trigger: TimerTrigger, invocation: Invocation): Promise<SweepReport> {
  const { report } = await sweepForTimer(trigger, invocation);
  if (invocation.config.chainUrl) await chainReport(invocation, invocation.config.chainUrl, report);
  return report;
}
