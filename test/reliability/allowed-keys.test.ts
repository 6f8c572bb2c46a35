import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler as cancel } from '../../functions/cancel-version-destruction/index.ts';
import { handler as list } from '../../functions/list-versions/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { queueEvent, timerEvent } from '../../local/host/index.ts';
import { captureOutput } from '../support/capture.ts';
import { asHttpAnswer, httpEvent, invocationContext } from '../support/events.ts';
import { kmsEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

// ALLOWED_KEY_IDS stops a confused deputy: whoever may call the function must not reach every key the
// function's service account can. Each entry point refuses another key before any KMS request.
let kms: Emulator;
let restoreEnv: () => void;
const context = () => invocationContext({ token: TEST_TOKEN });

before(async () => {
  kms = await startKms();
  restoreEnv = setEnv({ ...kmsEnv(kms), LOG_LEVEL: 'FATAL', ALLOWED_KEY_IDS: 'abjmine', KMS_KEY_IDS: 'abjmine' });
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: [keyWith('abjmine', { scheduled: 2 }), keyWith('abjtheirs', { scheduled: 2 })] });
  kms.clearRequests();
});
after(async () => {
  restoreEnv();
  await kms.close();
});

function assertNothingSent(): void {
  assert.deepEqual(
    kms.requests.map((r) => r.path),
    [],
  );
  assert.equal(kms.version('abjtheirs', 'abjtheirss1')?.status, 'SCHEDULED_FOR_DESTRUCTION');
}

describe('ALLOWED_KEY_IDS refuses another key with PERMISSION_DENIED before any KMS call', () => {
  test('list-versions over HTTP: 403', async () => {
    const answer = asHttpAnswer(await list(httpEvent({ params: { keyId: 'abjtheirs' } }), context()));
    assert.equal(answer.statusCode, 403);
    assert.equal(answer.json.code, 7);
    assertNothingSent();
  });

  test('cancel over HTTP: 403', async () => {
    const answer = asHttpAnswer(
      await cancel(httpEvent({ method: 'POST', params: { keyId: 'abjtheirs' }, body: '{"versionId":"abjtheirss1"}' }), context()),
    );
    assert.equal(answer.statusCode, 403);
    assertNothingSent();
  });

  test('cancel by direct call: a batch naming one foreign key is refused whole', async () => {
    const items = [
      { keyId: 'abjmine', versionId: 'abjmines1' },
      { keyId: 'abjtheirs', versionId: 'abjtheirss1' },
    ];
    await assert.rejects(cancel({ items }, context()), { message: /^PERMISSION_DENIED: key abjtheirs/ });
    assert.equal(kms.requests.length, 0);
    assert.equal(kms.version('abjmine', 'abjmines1')?.status, 'SCHEDULED_FOR_DESTRUCTION');
  });

  test('cancel given a chained sweep report naming a foreign key', async () => {
    const report = { scheduled: [{ keyId: 'abjtheirs', versionId: 'abjtheirss1', destroyAt: new Date().toISOString(), primary: false }] };
    await assert.rejects(cancel(report, context()), { message: /^PERMISSION_DENIED: / });
    assertNothingSent();
  });

  test('cancel from a queue: the foreign message is refused and dropped, the allowed one is done', async () => {
    const run = await captureOutput(() =>
      cancel(
        queueEvent([
          JSON.stringify({ keyId: 'abjtheirs', versionId: 'abjtheirss1' }),
          JSON.stringify({ keyId: 'abjmine', versionId: 'abjmines1' }),
        ]),
        context(),
      ),
    );
    const outcomes = run.value as Array<{ rejected?: { code: string }; summary?: { cancelled: number } }>;
    assert.equal(outcomes[0]!.rejected?.code, 'PERMISSION_DENIED');
    assert.equal(outcomes[1]!.summary?.cancelled, 1);
    assert.deepEqual(
      kms.requests.map((r) => r.keyId),
      ['abjmine'],
    );
    assert.equal(kms.version('abjtheirs', 'abjtheirss1')?.status, 'SCHEDULED_FOR_DESTRUCTION');
  });

  test('a timer payload naming a foreign key, for either sweep', async () => {
    for (const handler of [list, cancel]) {
      await assert.rejects(handler(timerEvent(JSON.stringify({ keyIds: ['abjtheirs'] })), context()), { message: /^PERMISSION_DENIED: / });
    }
    assertNothingSent();
  });

  test('the allowed key works as before', async () => {
    const answer = asHttpAnswer(await list(httpEvent({ params: { keyId: 'abjmine' } }), context()));
    assert.equal(answer.statusCode, 200);
  });
});
