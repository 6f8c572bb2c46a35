import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { handler as cancelHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { type LocalHost, startHost, timerEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { cleanEnv, requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { sendJson, sendStatus, startLoopback } from '../support/loopback.ts';

// A hand-off waits for its answer as long as the invocation can, not KMS_REQUEST_TIMEOUT_MS; a part
// whose answer did not come in time may be at work and is never sent again.
let kms: Emulator;
let host: LocalHost;
let restoreEnv: () => void;
let keyIds: string[];
const hostLines: string[] = [];
const cancelInvocations = () => hostLines.filter((line) => line.startsWith('[host] POST /functions/cancel-version-destruction ')).length;
const cancelPosts = () => requestsOf(kms, 'cancelVersionDestruction');

before(async () => {
  kms = await startKms();
  host = await startHost({
    functions: { 'cancel-version-destruction': cancelHandler },
    token: () => TEST_TOKEN,
    log: (line) => hostLines.push(line),
  });
});
beforeEach(() => {
  const seed = generateSeed({ keys: 20, versionsPerKey: 31, scheduled: 600, idPrefix: 'hot' });
  keyIds = seed.keys.map((k) => k.id);
  kms.clock.set(new Date());
  kms.seed(seed);
  kms.faults.clear();
  kms.clearRequests();
  hostLines.length = 0;
  restoreEnv = setEnv(
    cleanEnv(kms, {
      LOG_LEVEL: 'INFO',
      KMS_KEY_IDS: keyIds.join(','),
      SWEEP_CONCURRENCY: '8',
      KMS_REQUEST_TIMEOUT_MS: '400',
      KMS_MAX_ATTEMPTS: '5',
    }),
  );
});
after(async () => {
  restoreEnv();
  await host.close();
  await kms.close();
});

test('a cancel function slower than KMS_REQUEST_TIMEOUT_MS: one invocation, 600 cancels for 600 versions, the timer succeeds', async () => {
  // 600 cancels at 10 ms each, 8 keys at a time: the cancel function needs well over the 400 ms request timeout.
  kms.faults.add({ route: 'cancelVersionDestruction', latencyMs: 10 });
  setEnv({ CHAIN_URL: `${host.url}/functions/cancel-version-destruction?integration=raw` });
  const started = Date.now();
  const run = await captureOutput(() => listHandler(timerEvent(), invocationContext({ token: TEST_TOKEN, remainingMs: 30_000 })));
  const elapsed = Date.now() - started;
  assert.equal(run.error, undefined);
  assert.ok(elapsed > 2 * 400, `the hand-off took ${elapsed} ms, longer than one KMS request may`);
  const handedOff = records(run.lines).filter((l) => l.msg === 'report part handed off');
  assert.deepEqual(
    handedOff.map((l) => [l.status, l.scheduled]),
    [[200, 600]],
  );
  assert.equal(cancelInvocations(), 1, 'the cancel function was invoked once');
  assert.equal(cancelPosts().length, 600, 'one CancelVersionDestruction per version');
  assert.equal(new Set(cancelPosts().map((r) => `${r.keyId}/${(r.body as { versionId: string }).versionId}`)).size, 600);
  assert.ok(keyIds.every((id) => kms.key(id)!.versions.every((v) => v.status === 'ACTIVE')));
});

test('a CHAIN_URL that does not answer within the invocation: one POST, a WARN that it is not sent again, the timer succeeds', async () => {
  setEnv({ KMS_KEY_IDS: keyIds.slice(0, 2).join(','), KMS_REQUEST_TIMEOUT_MS: '300' });
  const silent = await startLoopback(() => {
    // Never answers: the receiver may be at work for longer than this invocation lives.
  });
  try {
    setEnv({ CHAIN_URL: `${silent.url}/chain` });
    const remainingMs = 1_200;
    const started = Date.now();
    const run = await captureOutput(() => listHandler(timerEvent(), invocationContext({ token: TEST_TOKEN, remainingMs })));
    const elapsed = Date.now() - started;
    assert.equal(run.error, undefined, 'a late part does not fail the timer: the guard sweep is the backstop');
    assert.ok(elapsed < remainingMs, `answered after ${elapsed} ms, before the platform stops it at ${remainingMs} ms`);
    assert.equal(silent.requests.length, 1, 'the part was sent once');
    const logs = records(run.lines);
    const late = logs.filter((l) => l.level === 'WARN' && l.msg.startsWith('report part answered late'));
    assert.equal(late.length, 1);
    assert.match(late[0]!.msg, /not sent again/);
    assert.equal(late[0]!.target, silent.host);
    assert.equal(late[0]!.code, 'DEADLINE_EXCEEDED');
    const summary = logs.find((l) => l.msg === 'report handed off');
    assert.deepEqual([summary?.parts, summary?.delivered, summary?.late, summary?.failed], [1, 0, 1, 0]);
    assert.equal(cancelPosts().length, 0);
  } finally {
    await silent.close();
  }
});

test('a part that did not get through is sent again within KMS_MAX_ATTEMPTS, then fails the invocation', async () => {
  setEnv({ KMS_KEY_IDS: keyIds.slice(0, 2).join(','), KMS_MAX_ATTEMPTS: '3' });
  let refusals = 1;
  const receiver = await startLoopback((_request, response) =>
    refusals-- > 0 ? sendStatus(response, 503, 14, 'busy') : sendJson(response, 200, {}),
  );
  try {
    setEnv({ CHAIN_URL: `${receiver.url}/chain` });
    const once = await captureOutput(() => listHandler(timerEvent(), invocationContext({ token: TEST_TOKEN })));
    assert.equal(once.error, undefined);
    assert.equal(receiver.requests.length, 2, 'refused once, then handed off');

    receiver.requests.length = 0;
    refusals = Number.POSITIVE_INFINITY;
    const never = await captureOutput(() => listHandler(timerEvent(), invocationContext({ token: TEST_TOKEN })));
    assert.match(String((never.error as Error)?.message), /^UNAVAILABLE: 1 of 1 report part\(s\) not handed off/);
    assert.equal(receiver.requests.length, 3, 'KMS_MAX_ATTEMPTS attempts');
    const failed = records(never.lines).filter((l) => l.msg === 'report hand-off failed');
    assert.deepEqual(
      failed.map((l) => [l.level, l.code]),
      [['ERROR', 'UNAVAILABLE']],
    );
  } finally {
    await receiver.close();
  }
});
