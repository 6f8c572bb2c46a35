import { GuardError } from '../errors/guard-error.ts';
import { errorFromAnswer } from '../kms/decode.ts';
import { DEFAULT_RETRY_POLICY, withRetries } from '../kms/retry.ts';
import { hostOf, send } from '../kms/transport.ts';

export interface HandOffOptions {
  token: string;
  deadlineAt: number;
  timeoutMs: number;
}

/**
 * POSTs a report to CHAIN_URL with the function's IAM token, retrying passing failures. A hand-off that
 * does not get through throws: the invocation then fails and the trigger tries again.
 */
export async function handOff(chainUrl: string, report: unknown, options: HandOffOptions): Promise<number> {
  const host = hostOf(chainUrl);
  const body = JSON.stringify(report);
  return withRetries(
    async () => {
      const timeoutMs = Math.min(options.timeoutMs, options.deadlineAt - Date.now());
      if (timeoutMs <= 0) throw new GuardError('DEADLINE_EXCEEDED', 'hand-off: not sent, the invocation has no time left');
      const answer = await send({
        method: 'POST',
        url: chainUrl,
        headers: { Authorization: `Bearer ${options.token}`, 'Content-Type': 'application/json' },
        body,
        timeoutMs,
        what: 'hand-off',
      });
      if (answer.status < 200 || answer.status > 299) {
        const error = errorFromAnswer(answer, 'hand-off');
        throw new GuardError(error.code, `hand-off to ${host} failed: ${error.description}`, {
          retryable: error.retryable,
          retryAfterMs: error.retryAfterMs,
        });
      }
      return answer.status;
    },
    { policy: DEFAULT_RETRY_POLICY, deadlineAt: options.deadlineAt },
  );
}
