import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { queueEvent, timerEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { asHttpAnswer, httpEvent, invocationContext } from '../support/events.ts';
import { cleanEnv, requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

// A cancel KMS accepted but has not finished is not a saved version: it is logged as pending at WARN,
// never as "destruction cancelled", and a guard sweep that ends with one fails.
let kms: Emulator;
let restoreEnv: () => void;
const KEYS = ['abjpenda', 'abjpendb', 'abjpendc', 'abjpendd'];

function assertLoggedPending(logs: Array<Record<string, any>>, count: number): void {
  const pending = logs.filter((l) => l.outcome === 'pending');
  assert.equal(pending.length, count);
  for (const line of pending) {
    assert.equal(line.level, 'WARN');
    assert.match(line.msg, /^cancel not confirmed yet/);
    assert.ok(line.operationId, 'the operation to follow is named');
  }
  assert.equal(logs.filter((l) => l.msg === 'destruction cancelled').length, 0, 'nothing claimed saved');
}

before(async () => {
  kms = await startKms();
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: KEYS.map((id) => keyWith(id, { scheduled: 1 })) });
  // Operations that never finish in the time a test gives them.
  kms.configure({ operationPolls: 1000 });
  kms.clearRequests();
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'WARN', KMS_KEY_IDS: KEYS.join(','), SWEEP_CONCURRENCY: '8' }));
});
after(async () => {
  restoreEnv();
  await kms.close();
});

test('an HTTP cancel without wait: 202 pending, logged as not confirmed yet', async () => {
  const event = httpEvent({ method: 'POST', params: { keyId: 'abjpenda' }, body: JSON.stringify({ versionId: 'abjpendas1' }) });
  const run = await captureOutput(() => handler(event, invocationContext({ token: TEST_TOKEN })));
  const answer = asHttpAnswer(run.value);
  assert.equal(answer.statusCode, 202);
  assert.equal(answer.json.outcome, 'pending');
  assertLoggedPending(records(run.lines), 1);
});

test('a direct batch with wait=false: every item pending, each logged as not confirmed yet', async () => {
  const items = KEYS.map((keyId) => ({ keyId, versionId: `${keyId}s1` }));
  const run = await captureOutput(() => handler({ items, wait: false }, invocationContext({ token: TEST_TOKEN })));
  const answer = run.value as { summary: { cancelled: number; pending: number } };
  assert.deepEqual([answer.summary.cancelled, answer.summary.pending], [0, 4]);
  assertLoggedPending(records(run.lines), 4);
});

test('a guard sweep whose operations do not finish in time: it fails, counting them as not confirmed', async () => {
  const remainingMs = 1_500;
  const started = Date.now();
  const run = await captureOutput(() => handler(timerEvent(), invocationContext({ token: TEST_TOKEN, remainingMs })));
  assert.ok(Date.now() - started < remainingMs, 'it answered before the platform would stop it');
  assert.match(
    String((run.error as Error)?.message),
    /^ABORTED: guard sweep incomplete: 0 cancellation\(s\) failed, 4 not confirmed yet \(not saved\)/,
  );
  assert.ok(requestsOf(kms, 'getOperation').length >= 4, 'it waited for the operations');
  assertLoggedPending(records(run.lines), 4);
  assert.ok(KEYS.every((keyId) => kms.version(keyId, `${keyId}s1`)?.status === 'SCHEDULED_FOR_DESTRUCTION'));
});

test('a queue message left pending has the batch delivered again', async () => {
  const body = JSON.stringify({ keyId: 'abjpendb', versionId: 'abjpendbs1', wait: false });
  const run = await captureOutput(() => handler(queueEvent([body]), invocationContext({ token: TEST_TOKEN })));
  assert.match(String((run.error as Error)?.message), /^UNAVAILABLE: .*1 not confirmed yet; the batch will be delivered again/);
  assertLoggedPending(records(run.lines), 1);
});
