import type { HttpAnswer } from '../../shared/edge/answers.ts';
import { createHandler } from '../../shared/edge/create-handler.ts';
import { requireMethod } from '../../shared/edge/methods.ts';
import { cancelBatch } from '../../shared/guard/cancel-batch.ts';
import { cancelOne } from '../../shared/guard/cancel-one.ts';
import { type CancelResult, logResult } from '../../shared/guard/outcomes.ts';
import { recordDryRun, recordOutcomes } from '../../shared/metrics/figures.ts';
import { auditEvents } from './audit-events.ts';
import { guardSweep } from './guard-sweep.ts';
import { parseDirectCancel, parseHttpCancel } from './input.ts';
import { queueBatch } from './queue-batch.ts';

export const handler = createHandler('cancel-version-destruction', {
  async http(request, invocation) {
    requireMethod(request, 'POST');
    const { items, wait } = parseHttpCancel(request, invocation.config);
    const result = await cancelOne(invocation.kms, items[0]!, { wait, deadlineAt: invocation.deadlineAt });
    logResult(invocation.log, result);
    return singleAnswer(result);
  },
  async direct(input, invocation) {
    const { items, wait, batch } = parseDirectCancel(input, invocation.config);
    const answer = await cancelBatch(invocation, items, wait);
    for (const result of answer.results) logResult(invocation.log, result);
    invocation.log.info('cancel batch', { items: items.length, ...answer.summary });
    if (batch) {
      recordOutcomes(invocation.metrics, answer.summary);
      recordDryRun(invocation.metrics, false);
    }
    return answer;
  },
  timer: guardSweep,
  queue: queueBatch,
  audit: auditEvents,
});

/** cancelled and already-active: 200; pending: 202; failed: the status KMS answered with, and its error body. */
function singleAnswer(result: CancelResult): HttpAnswer {
  if (result.outcome === 'pending') return { status: 202, body: result };
  if (result.outcome !== 'failed' || !result.error) return { status: 200, body: result };
  const { error, ...rest } = result;
  return { status: error.httpStatus, error, body: rest };
}
