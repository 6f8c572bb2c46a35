import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { invocationContext } from '../support/events.ts';
import { cleanEnv, requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

// When a cancel's answer is lost, the version is looked up before anything is sent again: the outcome
// is read from KMS, never guessed, and a version is never reported saved when it is not.
let kms: Emulator;
let restoreEnv: () => void;
const KEY = 'abjlostanswers';
type Answer = { results: Array<{ outcome: string; settledBy?: string; version?: { status: string }; error?: { code: number } }> };
const cancel = async (versionId: string) => (await handler({ keyId: KEY, versionId }, invocationContext({ token: TEST_TOKEN }))) as Answer;
const cancelRequests = () => requestsOf(kms, 'cancelVersionDestruction').length;

before(async () => {
  kms = await startKms();
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'FATAL', KMS_REQUEST_TIMEOUT_MS: '200', KMS_MAX_ATTEMPTS: '3' }));
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: [keyWith(KEY, { scheduled: 2 })] });
  kms.faults.clear();
  kms.clearRequests();
});
after(async () => {
  restoreEnv();
  await kms.close();
});

test('the cancel went through but its answer was lost: the lookup finds it ACTIVE, nothing is resent', async () => {
  kms.faults.add({ route: 'cancelVersionDestruction', dropAnswer: true, times: 1 });
  const [result] = (await cancel(`${KEY}s1`)).results;
  assert.equal(result!.outcome, 'cancelled');
  assert.equal(result!.settledBy, 'lookup');
  assert.equal(result!.version?.status, 'ACTIVE');
  assert.equal(kms.version(KEY, `${KEY}s1`)?.status, 'ACTIVE');
  assert.equal(cancelRequests(), 1);
});

test('the connection dropped before KMS acted: the lookup finds it still scheduled, and the cancel is sent again', async () => {
  kms.faults.add({ route: 'cancelVersionDestruction', drop: true, times: 1 });
  const [result] = (await cancel(`${KEY}s1`)).results;
  assert.equal(result!.outcome, 'cancelled');
  assert.equal(result!.settledBy, undefined);
  assert.equal(kms.version(KEY, `${KEY}s1`)?.status, 'ACTIVE');
  assert.equal(cancelRequests(), 2);
});

test('every attempt lost: failed, with the reason, and the version is still reported scheduled in KMS', async () => {
  kms.faults.add({ route: 'cancelVersionDestruction', status: 503 });
  const [result] = (await cancel(`${KEY}s2`)).results;
  assert.equal(result!.outcome, 'failed');
  assert.equal(result!.error?.code, 14);
  assert.equal(kms.version(KEY, `${KEY}s2`)?.status, 'SCHEDULED_FOR_DESTRUCTION');
  assert.equal(cancelRequests(), 3, 'KMS_MAX_ATTEMPTS bounds the resends');
});

test('an answer slower than the request timeout: the lookup decides, and the version ends ACTIVE either way', async () => {
  kms.faults.add({ route: 'cancelVersionDestruction', latencyMs: 500, times: 1 });
  const [result] = (await cancel(`${KEY}s1`)).results;
  assert.equal(result!.outcome, 'cancelled');
  assert.equal(kms.version(KEY, `${KEY}s1`)?.status, 'ACTIVE');
});

test('a throttled answer is retried no sooner than Retry-After says', async () => {
  kms.faults.add({ route: 'cancelVersionDestruction', status: 429, retryAfter: '1', times: 1 });
  const started = Date.now();
  const [result] = (await cancel(`${KEY}s2`)).results;
  assert.equal(result!.outcome, 'cancelled');
  assert.ok(Date.now() - started >= 950, 'waited for Retry-After');
});
