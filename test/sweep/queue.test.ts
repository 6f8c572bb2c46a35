import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { queueEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { kmsEnv, requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

let kms: Emulator;
let restoreEnv: () => void;

before(async () => {
  kms = await startKms();
  restoreEnv = setEnv({ ...kmsEnv(kms), LOG_LEVEL: 'INFO', KMS_MAX_ATTEMPTS: '1', ALLOWED_KEY_IDS: undefined });
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({
    keys: [keyWith('abjqueuea', { scheduled: 3 }), keyWith('abjqueueb', { scheduled: 2 }), keyWith('abjflaky', { scheduled: 1 })],
  });
  kms.faults.clear();
  kms.clearRequests();
});
after(async () => {
  restoreEnv();
  await kms.close();
});

async function deliver(bodies: string[], options: Parameters<typeof queueEvent>[1] = {}) {
  const event = queueEvent(bodies, options);
  const ids = event.messages.map((m) => m.details.message.message_id);
  const run = await captureOutput(() => handler(event, invocationContext({ token: TEST_TOKEN })));
  return {
    ids,
    value: run.value as Array<{ messageId: string; summary?: Record<string, number>; rejected?: { code: string } }>,
    error: run.error as Error | undefined,
    logs: records(run.lines),
  };
}

test('a batch with valid, duplicate and poisoned messages: valid work done once, poison logged and dropped', async () => {
  const single = JSON.stringify({ keyId: 'abjqueuea', versionId: 'abjqueueas1' });
  const { ids, value, error, logs } = await deliver(
    [
      single,
      JSON.stringify({
        items: [
          { keyId: 'abjqueuea', versionId: 'abjqueueas2' },
          { keyId: 'abjqueueb', versionId: 'abjqueuebs1' },
        ],
      }),
      single,
      'this is not JSON',
      JSON.stringify({ keyId: 'abj/../etc', versionId: 'x' }),
    ],
    { messageAttributes: { source: 'test' } },
  );
  assert.equal(error, undefined, 'poison is not a reason to redeliver the batch');
  assert.deepEqual(
    value.map((m) => m.messageId),
    ids,
  );
  assert.deepEqual(value[0]!.summary, { cancelled: 1, pending: 0, alreadyActive: 0, failed: 0 });
  assert.deepEqual(value[1]!.summary, { cancelled: 2, pending: 0, alreadyActive: 0, failed: 0 });
  assert.deepEqual(value[2]!.summary, { cancelled: 1, pending: 0, alreadyActive: 0, failed: 0 });
  assert.equal(requestsOf(kms, 'cancelVersionDestruction').length, 3, 'the duplicate was cancelled once');
  assert.deepEqual(
    value.slice(3).map((m) => m.rejected?.code),
    ['INVALID_ARGUMENT', 'INVALID_ARGUMENT'],
  );
  const refused = logs.filter((l) => l.level === 'ERROR' && l.msg === 'queue message refused');
  assert.deepEqual(
    refused.map((l) => l.message_id),
    ids.slice(3),
  );
  const done = logs.filter((l) => l.msg === 'queue message done');
  assert.deepEqual(
    done.map((l) => l.message_id),
    ids.slice(0, 3),
  );
  assert.deepEqual(done[0]?.attributes, { source: 'test' });
  assert.equal(kms.version('abjqueueb', 'abjqueuebs1')?.status, 'ACTIVE');
});

test('a message that failed for a reason that may pass fails the invocation after the rest is done', async () => {
  kms.faults.add({ route: 'cancelVersionDestruction', keyId: 'abjflaky', status: 503 });
  const { error } = await deliver([
    JSON.stringify({ keyId: 'abjflaky', versionId: 'abjflakys1' }),
    JSON.stringify({ keyId: 'abjqueueb', versionId: 'abjqueuebs2' }),
  ]);
  assert.match(String(error?.message), /^UNAVAILABLE: 1 cancellation\(s\) failed for a reason that may pass/);
  assert.equal(kms.version('abjqueueb', 'abjqueuebs2')?.status, 'ACTIVE', 'the good message was done');
  kms.faults.clear();
  const again = await deliver([
    JSON.stringify({ keyId: 'abjflaky', versionId: 'abjflakys1' }),
    JSON.stringify({ keyId: 'abjqueueb', versionId: 'abjqueuebs2' }),
  ]);
  assert.equal(again.error, undefined);
  assert.deepEqual(
    again.value.map((m) => m.summary),
    [
      { cancelled: 1, pending: 0, alreadyActive: 0, failed: 0 },
      { cancelled: 0, pending: 0, alreadyActive: 1, failed: 0 },
    ],
    'redelivery is harmless: the saved version settles as already-active',
  );
});

test('a failure that will not pass (an unknown version) is reported but not redelivered', async () => {
  const { value, error } = await deliver([JSON.stringify({ keyId: 'abjqueuea', versionId: 'abjnosuchversion' })]);
  assert.equal(error, undefined);
  assert.deepEqual(value[0]!.summary, { cancelled: 0, pending: 0, alreadyActive: 0, failed: 1 });
});

test('message attributes in the older camelCase spelling are read as well', async () => {
  const event = queueEvent([JSON.stringify({ keyId: 'abjqueuea', versionId: 'abjqueueas3' })]);
  const message = event.messages[0]!.details.message as unknown as Record<string, unknown>;
  message.message_attributes = { source: { dataType: 'String', stringValue: 'old' } };
  const run = await captureOutput(() => handler(event, invocationContext({ token: TEST_TOKEN })));
  assert.equal(run.error, undefined);
  assert.equal(kms.version('abjqueuea', 'abjqueueas3')?.status, 'ACTIVE');
  assert.deepEqual(records(run.lines).find((l) => l.msg === 'queue message done')?.attributes, { source: 'old' });
});

test('a malformed message attribute does not cost the message its work', async () => {
  const event = queueEvent([JSON.stringify({ keyId: 'abjqueuea', versionId: 'abjqueueas2' })]);
  const message = event.messages[0]!.details.message as unknown as Record<string, unknown>;
  message.message_attributes = { trace: 5, source: { data_type: 'StringValue', string_value: 'ok' } };
  const run = await captureOutput(() => handler(event, invocationContext({ token: TEST_TOKEN })));
  assert.equal(run.error, undefined);
  assert.equal(kms.version('abjqueuea', 'abjqueueas2')?.status, 'ACTIVE');
  const done = records(run.lines).find((l) => l.msg === 'queue message done');
  assert.equal(done?.message_id, event.messages[0]!.details.message.message_id);
  assert.deepEqual(done?.attributes, { source: 'ok' });
});
