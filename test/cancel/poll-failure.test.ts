import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { queueEvent, timerEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { asHttpAnswer, httpEvent, invocationContext } from '../support/events.ts';
import { type ForgetfulKms, startForgetfulKms } from '../support/forgetful-kms.ts';
import { cleanEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

// KMS accepted the cancel, then one poll of its operation failed for good (the operation is gone, the
// poll was refused). That settles one item by looking its version up; it never discards the rest.
interface Result {
  keyId: string;
  versionId: string;
  outcome: string;
  settledBy?: string;
  operation?: { id: string; done?: boolean };
  error?: { code: number; message: string };
}
interface Answer {
  results: Result[];
  summary: { cancelled: number; pending: number; alreadyActive: number; failed: number };
}

let kms: Emulator;
let restoreEnv: () => void;
const KEYS = ['abjpolla', 'abjpollb', 'abjpollc', 'abjpolld'];
const context = () => invocationContext({ token: TEST_TOKEN });
const pollFaults = () => kms.requests.filter((r) => r.route === 'getOperation' && r.fault);

/** Every log line that reports one version's result. */
function resultLines(logs: Array<Record<string, any>>): Array<Record<string, any>> {
  return logs.filter((l) => l.keyId && l.versionId && typeof l.outcome === 'string');
}

async function httpCancel(keyId: string, versionId: string) {
  const event = httpEvent({ method: 'POST', params: { keyId }, query: { wait: 'true' }, body: JSON.stringify({ versionId }) });
  const run = await captureOutput(() => handler(event, context()));
  return { answer: asHttpAnswer(run.value), logs: records(run.lines) };
}

before(async () => {
  kms = await startKms();
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: KEYS.map((id) => keyWith(id, { scheduled: 2 })) });
  kms.configure({ operationPolls: 1 });
  kms.faults.clear();
  kms.clearRequests();
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'INFO', KMS_MAX_ATTEMPTS: '2', KMS_KEY_IDS: KEYS.join(',') }));
});
after(async () => {
  restoreEnv();
  await kms.close();
});

describe('a failed poll settles its item by a lookup (emulator: the operation is not done, so the version is still scheduled)', () => {
  for (const status of [404, 403, 401, 400]) {
    test(`HTTP wait=true, the poll answered ${status}: 202 pending with the operation`, async () => {
      kms.faults.add({ route: 'getOperation', status, times: 1 });
      const { answer, logs } = await httpCancel('abjpolla', 'abjpollas1');
      assert.equal(pollFaults().length, 1, 'the poll really failed');
      assert.equal(answer.statusCode, 202);
      assert.equal(answer.json.keyId, 'abjpolla');
      assert.equal(answer.json.versionId, 'abjpollas1');
      assert.equal(answer.json.outcome, 'pending');
      assert.match(answer.json.operation?.id ?? '', /^[A-Za-z0-9]+$/);
      assert.notEqual(answer.json.operation.done, true);
      assert.equal(kms.version('abjpolla', 'abjpollas1')?.status, 'SCHEDULED_FOR_DESTRUCTION', 'nothing claimed that KMS does not hold');
      assert.ok(
        kms.requests.some((r) => r.route === 'listVersions' && r.keyId === 'abjpolla'),
        'the version was looked up',
      );
      const line = resultLines(logs)[0];
      assert.equal(line?.level, 'WARN');
      assert.match(line?.msg ?? '', /^cancel not confirmed yet/);
    });
  }

  test('the poll failed and the version cannot be read either: failed, with both reasons and the operation', async () => {
    kms.faults.add({ route: 'getOperation', status: 404, message: 'operation not found', times: 1 });
    kms.faults.add({ route: 'listVersions', keyId: 'abjpolla', status: 403, message: 'lookup refused' });
    const { answer, logs } = await httpCancel('abjpolla', 'abjpollas1');
    assert.equal(answer.json.outcome, 'failed');
    assert.equal(answer.statusCode, 403);
    assert.equal(answer.json.keyId, 'abjpolla');
    assert.ok(answer.json.operation?.id, 'the accepted operation is named');
    assert.match(answer.json.message, new RegExp(`operation ${answer.json.operation.id}`));
    assert.match(answer.json.message, /operation not found/);
    assert.match(answer.json.message, /lookup refused/);
    const line = resultLines(logs)[0];
    assert.deepEqual([line?.level, line?.msg, line?.code], ['ERROR', 'could not cancel destruction', 'PERMISSION_DENIED']);
  });

  test('a direct batch of 8 items: 8 results in input order, the one whose poll failed pending, the rest cancelled', async () => {
    kms.faults.add({ route: 'getOperation', status: 404, times: 1 });
    const items = KEYS.flatMap((keyId) => [1, 2].map((i) => ({ keyId, versionId: `${keyId}s${i}` })));
    const run = await captureOutput(() => handler({ items }, context()));
    assert.equal(run.error, undefined);
    const answer = run.value as Answer;
    assert.equal(answer.results.length, 8);
    assert.deepEqual(
      answer.results.map((r) => `${r.keyId}/${r.versionId}`),
      items.map((i) => `${i.keyId}/${i.versionId}`),
    );
    assert.deepEqual(answer.summary, { cancelled: 7, pending: 1, alreadyActive: 0, failed: 0 });
    const pending = answer.results.find((r) => r.outcome === 'pending')!;
    assert.ok(pending.operation?.id);
    assert.equal(kms.version(pending.keyId, pending.versionId)?.status, 'SCHEDULED_FOR_DESTRUCTION');
    for (const result of answer.results.filter((r) => r.outcome === 'cancelled')) {
      assert.equal(kms.version(result.keyId, result.versionId)?.status, 'ACTIVE');
    }
    assert.equal(resultLines(records(run.lines)).length, 8, 'one log line per item');
  });

  test('a guard sweep: every version gets its result; the one not confirmed fails the invocation', async () => {
    kms.faults.add({ route: 'getOperation', status: 403, times: 1 });
    const run = await captureOutput(() => handler(timerEvent(), invocationContext({ token: TEST_TOKEN, remainingMs: 60_000 })));
    assert.match(
      String((run.error as Error)?.message),
      /^ABORTED: guard sweep incomplete: 0 cancellation\(s\) failed, 1 not confirmed yet/,
    );
    const lines = resultLines(records(run.lines));
    assert.equal(lines.length, 8, 'one result per scheduled version');
    assert.deepEqual(lines.map((l) => l.outcome).sort(), [...Array(7).fill('cancelled'), 'pending']);
    assert.ok(records(run.lines).some((l) => l.msg === 'guard sweep finished' && l.cancelled === 7 && l.pending === 1));
  });

  test('a queue batch: every message is worked and reported; the pending item has the batch delivered again', async () => {
    kms.faults.add({ route: 'getOperation', status: 401, times: 1 });
    const event = queueEvent([
      JSON.stringify({ keyId: 'abjpolla', versionId: 'abjpollas1' }),
      JSON.stringify({ items: [2, 1].map((i) => ({ keyId: 'abjpollb', versionId: `abjpollbs${i}` })) }),
      JSON.stringify({ keyId: 'abjpollc', versionId: 'abjpollcs2' }),
    ]);
    const run = await captureOutput(() => handler(event, context()));
    assert.match(String((run.error as Error)?.message), /^UNAVAILABLE: 0 cancellation\(s\) failed .* and 1 not confirmed yet/);
    const logs = records(run.lines);
    assert.equal(resultLines(logs).length, 4, 'one result per item');
    const done = logs.filter((l) => l.msg === 'queue message done');
    assert.equal(done.length, 3, 'every message reported');
    assert.equal(
      done.reduce((n, l) => n + l.cancelled + l.pending, 0),
      4,
    );
  });
});

describe('a failed poll settled by a lookup that finds the version ACTIVE: cancelled (a KMS that loses operations)', () => {
  let forgetful: ForgetfulKms;
  beforeEach(async () => {
    forgetful = await startForgetfulKms({ abjlosta: ['abjlostas1', 'abjlostas2', 'abjlostas3'], abjlostb: ['abjlostbs1'] });
    setEnv({ KMS_ENDPOINT: forgetful.url, OPERATION_ENDPOINT: forgetful.url, KMS_KEY_IDS: 'abjlosta,abjlostb' });
  });

  test('HTTP wait=true: 200 cancelled, settledBy lookup, with the operation', async () => {
    try {
      const { answer } = await httpCancel('abjlosta', 'abjlostas2');
      assert.equal(forgetful.count('getOperation'), 1);
      assert.equal(answer.statusCode, 200);
      assert.equal(answer.json.outcome, 'cancelled');
      assert.equal(answer.json.settledBy, 'lookup');
      assert.equal(answer.json.version?.status, 'ACTIVE');
      assert.match(answer.json.operation?.id ?? '', /^forgottenop\d+$/);
      assert.equal(forgetful.count('cancel'), 1, 'nothing sent twice');
    } finally {
      await forgetful.close();
    }
  });

  test('a direct batch, a guard sweep and a queue batch answer a result for every item, all cancelled', async () => {
    try {
      const items = ['abjlostas1', 'abjlostas2', 'abjlostas3'].map((versionId) => ({ keyId: 'abjlosta', versionId }));
      const direct = (await captureOutput(() => handler({ items }, context()))).value as Answer;
      assert.deepEqual(
        direct.results.map((r) => [r.versionId, r.outcome, r.settledBy]),
        items.map((i) => [i.versionId, 'cancelled', 'lookup']),
      );

      const sweep = await captureOutput(() => handler(timerEvent(), context()));
      assert.equal(sweep.error, undefined);
      const report = sweep.value as Answer & { scheduled: unknown[] };
      assert.equal(report.scheduled.length, 1, 'only abjlostbs1 was still scheduled');
      assert.deepEqual(
        report.results.map((r) => [r.versionId, r.outcome]),
        [['abjlostbs1', 'cancelled']],
      );

      const queued = await captureOutput(() =>
        handler(queueEvent([JSON.stringify({ keyId: 'abjlosta', versionId: 'abjlostas1' }), JSON.stringify({ items })]), context()),
      );
      assert.equal(queued.error, undefined, 'nothing to deliver again');
      const outcomes = queued.value as Array<{ results: Result[] }>;
      assert.deepEqual(
        outcomes.map((o) => o.results.length),
        [1, 3],
      );
      assert.equal(forgetful.status('abjlostb', 'abjlostbs1'), 'ACTIVE');
    } finally {
      await forgetful.close();
    }
  });
});
