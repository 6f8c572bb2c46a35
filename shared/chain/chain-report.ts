import type { Invocation } from '../edge/invocation.ts';
import { GuardError } from '../errors/guard-error.ts';
import { hostOf } from '../http/url.ts';
import type { SweepReport } from '../sweep/report.ts';
import { handOff } from './hand-off.ts';

/**
 * Hands a sweep report on to CHAIN_URL and logs what became of every part. A part answered late is a
 * WARN (it may still be at work); a part that did not get through fails the invocation after all parts
 * were tried, so the trigger tries again.
 */
export async function chainReport(invocation: Invocation, chainUrl: string, report: SweepReport): Promise<void> {
  const { log } = invocation;
  const target = hostOf(chainUrl);
  const fates = await handOff(invocation, chainUrl, report);
  let failures = 0;
  for (const fate of fates) {
    const fields = { target, part: fate.part.part.number, of: fate.part.part.of, scheduled: fate.part.scheduled.length };
    if ('status' in fate) log.info('report part handed off', { ...fields, status: fate.status });
    else if ('late' in fate) {
      log.warn('report part answered late: it may still be at work and is not sent again (the guard sweep is the backstop)', {
        ...fields,
        code: fate.late.code,
        reason: fate.late.description,
      });
    } else {
      failures++;
      log.error('report hand-off failed', { ...fields, code: fate.failed.code, reason: fate.failed.description });
    }
  }
  const delivered = fates.filter((fate) => 'status' in fate).length;
  log.info('report handed off', {
    target,
    parts: fates.length,
    delivered,
    late: fates.length - delivered - failures,
    failed: failures,
    scheduled: report.scheduled.length,
  });
  const firstFailure = fates.find((fate) => 'failed' in fate);
  if (firstFailure && 'failed' in firstFailure) {
    throw new GuardError(
      firstFailure.failed.code,
      `${failures} of ${fates.length} report part(s) not handed off: ${firstFailure.failed.description}`,
    );
  }
}
