import type { Invocation } from '../../shared/edge/invocation.ts';
import type { QueueMessage } from '../../shared/edge/queue.ts';
import { asGuardError, GuardError } from '../../shared/errors/guard-error.ts';
import { needsRedelivery } from '../../shared/errors/passing.ts';
import { cancelBatch } from '../../shared/guard/cancel-batch.ts';
import { type CancelResult, type CancelSummary, logResult, summarize } from '../../shared/guard/outcomes.ts';
import { recordDryRun, recordOutcomes } from '../../shared/metrics/figures.ts';
import { type CancelRequest, parseDirectCancel } from './input.ts';

interface MessageOutcome {
  messageId: string;
  results?: CancelResult[];
  summary?: CancelSummary;
  /** Why the message was refused; it is not retried, it would never succeed. */
  rejected?: { code: string; message: string };
}

/**
 * A Message Queue batch: each message body is a direct-call input. Poison messages are logged and
 * dropped; every valid one is worked (duplicates once across the batch), every version not saved is
 * logged, and when any item is pending or failed for a reason that may pass, the invocation fails after
 * all that so the whole batch comes back. Repeating the work done is harmless: a second cancel of a
 * saved version settles as already-active.
 */
export async function queueBatch(messages: QueueMessage[], invocation: Invocation): Promise<MessageOutcome[]> {
  const { log } = invocation;
  const accepted: Array<{ outcome: MessageOutcome; request: CancelRequest; attributes: Record<string, string> }> = [];
  const outcomes: MessageOutcome[] = [];
  for (const message of messages) {
    try {
      if ('poison' in message) throw message.poison;
      const request = parseDirectCancel(message.body, invocation.config);
      const outcome: MessageOutcome = { messageId: message.messageId };
      accepted.push({ outcome, request, attributes: message.attributes });
      outcomes.push(outcome);
    } catch (caught) {
      const error = asGuardError(caught);
      log.error('queue message refused', { message_id: message.messageId, code: error.code, reason: error.description });
      outcomes.push({ messageId: message.messageId, rejected: { code: error.code, message: error.description } });
    }
  }
  const targets = accepted.flatMap(({ request }) => request.items);
  const answer = await cancelBatch(
    invocation,
    targets,
    accepted.some(({ request }) => request.wait),
  );
  logOncePerVersion(invocation, answer.results);
  recordOutcomes(invocation.metrics, summarize([...new Set(answer.results)]));
  recordDryRun(invocation.metrics, false);
  let offset = 0;
  for (const { outcome, request, attributes } of accepted) {
    outcome.results = answer.results.slice(offset, offset + request.items.length);
    outcome.summary = summarize(outcome.results);
    offset += request.items.length;
    log.info('queue message done', { message_id: outcome.messageId, attributes, ...outcome.summary });
  }
  const redeliver = [...new Set(answer.results)].filter(needsRedelivery);
  if (redeliver.length > 0) {
    const pending = redeliver.filter((result) => result.outcome === 'pending').length;
    throw new GuardError(
      'UNAVAILABLE',
      `${redeliver.length - pending} cancellation(s) failed for a reason that may pass and ${pending} not confirmed yet; the batch will be delivered again`,
    );
  }
  return outcomes;
}

/** The same version named by two messages shares one result: one log line for it. */
function logOncePerVersion(invocation: Invocation, results: readonly CancelResult[]): void {
  for (const result of new Set(results)) logResult(invocation.log, result);
}
