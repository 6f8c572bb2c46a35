import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler as cancel } from '../../functions/cancel-version-destruction/index.ts';
import { handler as list } from '../../functions/list-versions/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { queueEvent, timerEvent } from '../../local/host/index.ts';
import { captureOutput } from '../support/capture.ts';
import { asHttpAnswer, httpEvent, invocationContext } from '../support/events.ts';
import { startForgetfulKms } from '../support/forgetful-kms.ts';
import { cleanEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { sendStatus, startLoopback } from '../support/loopback.ts';
import { keyWith } from '../support/seed.ts';

// An upstream (KMS, or the CHAIN_URL receiver) whose error message quotes the Authorization header it
// was sent. The token must leave the function nowhere: not in an answer, a thrown error, a batch
// result, a report, a hand-off body or a log line; where it was quoted, [REDACTED] stands instead.
const QUOTING = `request refused: header Authorization: Bearer ${TEST_TOKEN} is not valid here`;
const REDACTED = '[REDACTED]';

let kms: Emulator;
let restoreEnv: () => void;
const context = () => invocationContext({ token: TEST_TOKEN });

/** The token is nowhere in `text`; `[REDACTED]` is, where the upstream quoted it. */
function assertScrubbed(what: string, text: string): void {
  assert.ok(!text.includes(TEST_TOKEN), `the token leaked into ${what}: ${text.slice(0, 500)}`);
  assert.ok(text.includes(REDACTED), `${what} shows where the token was quoted: ${text.slice(0, 500)}`);
}

/** No log line holds the token; when the upstream text is logged, it shows [REDACTED]. */
function assertLogsScrubbed(lines: string[], quoted = true): void {
  assert.ok(lines.length > 0, 'something was logged');
  for (const line of lines) assert.ok(!line.includes(TEST_TOKEN), `the token leaked into a log line: ${line}`);
  if (quoted)
    assert.ok(
      lines.some((line) => line.includes(REDACTED)),
      'the upstream message was logged, scrubbed',
    );
}

before(async () => {
  kms = await startKms();
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: [keyWith('abjleaka', { scheduled: 2 }), keyWith('abjleakb', { scheduled: 1 })] });
  kms.faults.clear();
  kms.clearRequests();
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'TRACE', KMS_MAX_ATTEMPTS: '1', KMS_KEY_IDS: 'abjleaka,abjleakb' }));
});
after(async () => {
  restoreEnv();
  await kms.close();
});

describe('a KMS error message quoting the token', () => {
  test('an HTTP answer, and its log line', async () => {
    kms.faults.add({ route: 'listVersions', status: 403, message: QUOTING });
    const run = await captureOutput(() => list(httpEvent({ params: { keyId: 'abjleaka' } }), context()));
    const answer = asHttpAnswer(run.value);
    assert.equal(answer.statusCode, 403);
    assertScrubbed('the HTTP answer', answer.body);
    assertLogsScrubbed(run.lines);
  });

  test('a thrown error (direct call): its message and stack', async () => {
    kms.faults.add({ route: 'listVersions', status: 403, message: QUOTING });
    const run = await captureOutput(() => list({ keyId: 'abjleaka' }, context()));
    const error = run.error as Error;
    assert.match(error.message, /^PERMISSION_DENIED: /);
    assertScrubbed('the thrown message', error.message);
    assertScrubbed('the thrown stack', String(error.stack));
    assertLogsScrubbed(run.lines);
  });

  test("a batch's results[].error.message, and the ERROR line for that version", async () => {
    kms.faults.add({ route: 'cancelVersionDestruction', keyId: 'abjleaka', status: 400, code: 3, message: QUOTING });
    const items = [
      { keyId: 'abjleaka', versionId: 'abjleakas1' },
      { keyId: 'abjleakb', versionId: 'abjleakbs1' },
    ];
    const run = await captureOutput(() => cancel({ items }, context()));
    const answer = run.value as { results: Array<{ outcome: string; error?: { message: string } }> };
    assert.deepEqual(
      answer.results.map((r) => r.outcome),
      ['failed', 'cancelled'],
    );
    assertScrubbed('results[0].error.message', answer.results[0]!.error!.message);
    assertScrubbed('the batch answer', JSON.stringify(answer));
    assertLogsScrubbed(run.lines);
  });

  test("a queue batch's results", async () => {
    kms.faults.add({ route: 'cancelVersionDestruction', status: 400, code: 3, message: QUOTING });
    const run = await captureOutput(() => cancel(queueEvent([JSON.stringify({ keyId: 'abjleakb', versionId: 'abjleakbs1' })]), context()));
    assert.equal(run.error, undefined);
    assertScrubbed('the queue outcome', JSON.stringify(run.value));
    assertLogsScrubbed(run.lines);
  });

  test("a sweep report's errors[], and the failed guard sweep's thrown message", async () => {
    kms.faults.add({ route: 'listVersions', keyId: 'abjleakb', status: 403, message: QUOTING });
    const run = await captureOutput(() => list(timerEvent(), context()));
    const report = run.value as { errors: Array<{ keyId: string; message: string }> };
    assert.deepEqual(
      report.errors.map((e) => e.keyId),
      ['abjleakb'],
    );
    assertScrubbed('report.errors[0].message', report.errors[0]!.message);
    assertLogsScrubbed(run.lines);

    const guard = await captureOutput(() => cancel(timerEvent(), context()));
    assert.match(String((guard.error as Error)?.message), /^ABORTED: guard sweep incomplete/);
    assert.ok(!String((guard.error as Error).message).includes(TEST_TOKEN));
    assertLogsScrubbed(guard.lines);
  });
});

describe('the hand-off to CHAIN_URL', () => {
  test('a KMS answer quoting the token: the hand-off body and the report show [REDACTED], the logs hold no token', async () => {
    const quotingKms = await startForgetfulKms(
      { abjleakq: ['abjleakqs1'] },
      { algorithm: (authorization) => `AES_256 (${authorization})` },
    );
    const receiver = await startLoopback((_request, response) => sendStatus(response, 200, 0, 'ok'));
    try {
      setEnv({
        KMS_ENDPOINT: quotingKms.url,
        OPERATION_ENDPOINT: quotingKms.url,
        KMS_KEY_IDS: 'abjleakq',
        CHAIN_URL: `${receiver.url}/chain`,
      });
      const run = await captureOutput(() => list(timerEvent(), context()));
      assert.equal(run.error, undefined);
      assert.equal(receiver.requests.length, 1);
      assertScrubbed('the hand-off body', receiver.requests[0]!.body);
      assertScrubbed('the report', JSON.stringify(run.value));
      assertLogsScrubbed(run.lines, false);
    } finally {
      await receiver.close();
      await quotingKms.close();
    }
  });

  test("the receiver's error quoting the token it was sent: the thrown message and the logs show [REDACTED]", async () => {
    const receiver = await startLoopback((request, response) =>
      sendStatus(response, 400, 3, `cannot use header Authorization: ${String(request.headers.authorization)}`),
    );
    try {
      setEnv({ CHAIN_URL: `${receiver.url}/chain`, CHAIN_SEND_TOKEN: 'true' });
      const run = await captureOutput(() => list(timerEvent(), context()));
      assert.equal(receiver.requests[0]?.headers.authorization, `Bearer ${TEST_TOKEN}`, 'the receiver had the token to quote');
      const error = run.error as Error;
      assert.match(error.message, /^INVALID_ARGUMENT: 1 of 1 report part\(s\) not handed off/);
      assertScrubbed('the thrown message', error.message);
      assertLogsScrubbed(run.lines);
    } finally {
      await receiver.close();
    }
  });
});
