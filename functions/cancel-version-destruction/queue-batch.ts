import { assertKeysAllowed } from '../../shared/access.ts';
import { codeName } from '../../shared/errors/grpc-codes.ts';
import { asGuardError, GuardError } from '../../shared/errors/guard-error.ts';
import { badField } from '../../shared/errors/input-error.ts';
import { queueMessages } from '../../shared/events/trigger-messages.ts';
import type { Invocation } from '../../shared/handler/invocation.ts';
import { type CancelSummary, cancelBatch, summarize } from './cancel-batch.ts';
import type { CancelResult } from './cancel-one.ts';
import { type CancelRequest, parseDirectCancel } from './input.ts';

export interface MessageOutcome {
  messageId: string;
  results?: CancelResult[];
  summary?: CancelSummary;
  /** Why the message was refused; it is not retried, it would never succeed. */
  rejected?: { code: string; message: string };
}

// Failures that may pass on a later delivery; anything else would fail the same way again.
const PASSING = new Set(['UNAVAILABLE', 'RESOURCE_EXHAUSTED', 'DEADLINE_EXCEEDED', 'ABORTED', 'INTERNAL']);

/**
 * A Message Queue batch: each message body is a direct-call input. Bad messages are logged and dropped;
 * every valid one is worked (duplicates once across the batch), and when any failed for a reason that
 * may pass, the invocation fails after all that so the whole batch comes back. Repeating the work done
 * is harmless: a second cancel of a saved version settles as already-active.
 */
export async function queueBatch(event: Record<string, unknown>, invocation: Invocation): Promise<MessageOutcome[]> {
  const { config, log } = invocation;
  const accepted: Array<{ outcome: MessageOutcome; request: CancelRequest; attributes: Record<string, string> }> = [];
  const outcomes: MessageOutcome[] = [];
  for (const message of queueMessages(event)) {
    try {
      const request = parseDirectCancel(parseJson(message.body));
      assertKeysAllowed(
        config,
        request.items.map((item) => item.keyId),
      );
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
  let offset = 0;
  let passingFailures = 0;
  for (const { outcome, request, attributes } of accepted) {
    outcome.results = answer.results.slice(offset, offset + request.items.length);
    offset += request.items.length;
    outcome.summary = summarize(outcome.results);
    passingFailures += outcome.results.filter((r) => r.outcome === 'failed' && PASSING.has(codeName(r.error?.code ?? -1) ?? '')).length;
    log.info('queue message done', { message_id: outcome.messageId, attributes, ...outcome.summary });
  }
  if (passingFailures > 0) {
    throw new GuardError(
      'UNAVAILABLE',
      `${passingFailures} cancellation(s) failed for a reason that may pass; the batch will be delivered again`,
    );
  }
  return outcomes;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw badField('body', 'must be JSON of a direct-call input');
  }
}
