import { assertKeysAllowed } from '../../shared/access.ts';
import { codeName, httpStatusOf } from '../../shared/errors/grpc-codes.ts';
import { createHandler } from '../../shared/handler/create-handler.ts';
import { requireMethod } from '../../shared/http/methods.ts';
import { type HttpResult, jsonResult } from '../../shared/http/responses.ts';
import { cancelBatch } from './cancel-batch.ts';
import { type CancelResult, cancelOne } from './cancel-one.ts';
import { guardSweep } from './guard-sweep.ts';
import { parseDirectCancel, parseHttpCancel } from './input.ts';
import { queueBatch } from './queue-batch.ts';

export const handler = createHandler('cancel-version-destruction', {
  async http(request, invocation) {
    requireMethod(request, 'POST');
    const { items, wait } = parseHttpCancel(request);
    const target = items[0]!;
    assertKeysAllowed(invocation.config, [target.keyId]);
    const result = await cancelOne(invocation.kms, target, { wait, deadlineAt: invocation.deadlineAt });
    invocation.log.info('cancel', { keyId: target.keyId, versionId: target.versionId, outcome: result.outcome });
    return singleAnswer(result);
  },
  async direct(input, invocation) {
    const { items, wait } = parseDirectCancel(input);
    assertKeysAllowed(
      invocation.config,
      items.map((item) => item.keyId),
    );
    const answer = await cancelBatch(invocation, items, wait);
    invocation.log.info('cancel batch', { items: items.length, ...answer.summary });
    return answer;
  },
  timer: guardSweep,
  queue: queueBatch,
});

/** cancelled and already-active: 200; pending: 202; failed: the KMS error's status, with its error body. */
function singleAnswer(result: CancelResult): HttpResult {
  if (result.outcome === 'pending') return jsonResult(202, result);
  if (result.outcome !== 'failed' || !result.error) return jsonResult(200, result);
  const { error, ...rest } = result;
  return jsonResult(httpStatusOf(codeName(error.code) ?? 'UNKNOWN'), { ...error, ...rest });
}
