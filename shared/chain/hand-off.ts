import { mapConcurrent } from '../concurrency.ts';
import { toWireText } from '../edge/answers.ts';
import type { Invocation } from '../edge/invocation.ts';
import { asGuardError, GuardError } from '../errors/guard-error.ts';
import { errorFromAnswer } from '../http/api-error.ts';
import { withRetries } from '../http/retry.ts';
import { send } from '../http/transport.ts';
import { hostOf } from '../http/url.ts';
import type { SweepReport } from '../sweep/report.ts';
import { type ReportPart, splitReport } from './report-parts.ts';
import { tokenMayGoTo } from './token-policy.ts';

type PartFate = { part: ReportPart; status: number } | { part: ReportPart; late: GuardError } | { part: ReportPart; failed: GuardError };

/** The receiver's answer is not needed beyond its status: no more of it is read than an error message takes. */
const ANSWER_BYTES_READ = 64 * 1024;

/**
 * POSTs a report to CHAIN_URL in parts the receiver accepts, each as soon as it can and waiting for its
 * answer as long as the invocation can. A part that did not get through is sent again (within
 * KMS_MAX_ATTEMPTS); a part whose answer never came may be in progress and is never sent again, so no
 * version is cancelled twice over (the guard sweep is the backstop). Returns what became of each part.
 */
export async function handOff(invocation: Invocation, chainUrl: string, report: SweepReport): Promise<PartFate[]> {
  const parts = splitReport(report);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (tokenMayGoTo(chainUrl, invocation.config.chainSendToken)) headers.Authorization = `Bearer ${invocation.token()}`;
  return mapConcurrent(parts, invocation.config.sweepConcurrency, async (part): Promise<PartFate> => {
    try {
      const outcome = await withRetries(() => sendPart(chainUrl, part, headers, invocation), {
        policy: invocation.config.retryPolicy,
        deadlineAt: invocation.deadlineAt,
      });
      return outcome instanceof GuardError ? { part, late: outcome } : { part, status: outcome };
    } catch (caught) {
      return { part, failed: asGuardError(caught) };
    }
  });
}

/** One attempt: the status on success; an error that may have taken effect is returned, not thrown, so it is never retried. */
async function sendPart(
  chainUrl: string,
  part: ReportPart,
  headers: Record<string, string>,
  invocation: Invocation,
): Promise<number | GuardError> {
  const host = hostOf(chainUrl);
  const timeoutMs = invocation.deadlineAt - Date.now();
  if (timeoutMs <= 0) throw new GuardError('DEADLINE_EXCEEDED', `hand-off to ${host}: not sent, the invocation has no time left`);
  try {
    const answer = await send({
      method: 'POST',
      url: chainUrl,
      headers,
      body: toWireText(part, invocation.scrub),
      timeoutMs,
      what: `hand-off to ${host}`,
      maxBodyBytes: ANSWER_BYTES_READ,
      truncateBody: true,
    });
    if (answer.status >= 200 && answer.status <= 299) return answer.status;
    const error = errorFromAnswer(answer, 'hand-off');
    throw new GuardError(error.code, `hand-off to ${host} failed: ${error.description}`, {
      retryable: error.retryable,
      unconfirmed: error.unconfirmed,
      retryAfterMs: error.retryAfterMs,
    });
  } catch (caught) {
    const error = asGuardError(caught);
    if (error.unconfirmed) return error;
    throw error;
  }
}
