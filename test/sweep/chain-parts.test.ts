import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { handler as cancelHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { type FunctionContext, type LocalHost, queueEvent, startHost, timerEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { cleanEnv, requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { sendJson, sendStatus, startLoopback } from '../support/loopback.ts';

// More scheduled versions than the cancel function takes in one call: the report sweep hands its
// report on in parts, and every version reaches the cancel function exactly once.
const SCHEDULED = 1_200;
const QUEUE_MESSAGE_LIMIT = 256 * 1024;

let kms: Emulator;
let host: LocalHost;
let restoreEnv: () => void;
let keyIds: string[];
/** The events the cancel function received through the host: the parts as they arrived. */
const received: unknown[] = [];

before(async () => {
  kms = await startKms();
  const recording = (event: unknown, context: FunctionContext) => {
    received.push(event);
    return cancelHandler(event, context);
  };
  host = await startHost({ functions: { 'cancel-version-destruction': recording }, token: () => TEST_TOKEN, log: () => {} });
});
beforeEach(() => {
  const seed = generateSeed({ keys: 40, versionsPerKey: 31, scheduled: SCHEDULED, idPrefix: 'prt' });
  keyIds = seed.keys.map((k) => k.id);
  kms.clock.set(new Date());
  kms.seed(seed);
  kms.clearRequests();
  received.length = 0;
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'INFO', KMS_KEY_IDS: keyIds.join(','), KMS_MAX_ATTEMPTS: '2', SWEEP_CONCURRENCY: '32' }));
});
after(async () => {
  restoreEnv();
  await host.close();
  await kms.close();
});

const scheduledLeft = () => keyIds.flatMap((id) => kms.key(id)!.versions.filter((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION'));

/** How many CancelVersionDestruction requests KMS received for each version. */
function cancelsPerVersion(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of requestsOf(kms, 'cancelVersionDestruction')) {
    const id = `${r.keyId}/${(r.body as { versionId: string }).versionId}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function assertEveryVersionCancelledOnce(): void {
  const counts = cancelsPerVersion();
  assert.equal(counts.size, SCHEDULED, 'every scheduled version was cancelled');
  assert.deepEqual([...new Set(counts.values())], [1], 'and none twice');
  assert.equal(scheduledLeft().length, 0);
}

test('1,200 scheduled versions handed to the cancel function in parts of at most 1,000: each cancelled exactly once', async () => {
  setEnv({ CHAIN_URL: `${host.url}/functions/cancel-version-destruction?integration=raw` });
  assert.equal(scheduledLeft().length, SCHEDULED);
  const run = await captureOutput(() => listHandler(timerEvent(), invocationContext({ token: TEST_TOKEN, remainingMs: 60_000 })));
  assert.equal(run.error, undefined);
  const report = run.value as { scheduled: unknown[] };
  assert.equal(report.scheduled.length, SCHEDULED, 'the report itself is whole');

  const handedOff = records(run.lines).filter((l) => l.msg === 'report part handed off');
  assert.deepEqual(handedOff.map((l) => [l.part, l.of, l.scheduled, l.status]).sort(), [
    [1, 2, 1000, 200],
    [2, 2, 200, 200],
  ]);
  assert.equal(received.length, 2, 'one call of the cancel function per part');
  for (const part of received as Array<{ scheduled: unknown[] }>) {
    assert.ok(part.scheduled.length <= 1000);
    assert.ok(Buffer.byteLength(JSON.stringify(part)) <= 200_000, 'a part is at most 200 KB');
  }
  assertEveryVersionCancelledOnce();
});

test('each part fits in a queue message: collected by a queue stand-in, then delivered as one batch, every version saved once', async () => {
  const messages: string[] = [];
  const queue = await startLoopback((request, response) => {
    if (Buffer.byteLength(request.body) > QUEUE_MESSAGE_LIMIT) return sendStatus(response, 400, 3, 'message over 256 KB');
    messages.push(request.body);
    return sendJson(response, 200, { MessageId: `m${messages.length}` });
  });
  try {
    setEnv({ CHAIN_URL: `${queue.url}/queue` });
    const run = await captureOutput(() => listHandler(timerEvent(), invocationContext({ token: TEST_TOKEN, remainingMs: 60_000 })));
    assert.equal(run.error, undefined);
    assert.equal(queue.requests.length, 2, 'two parts, each sent once');
    assert.equal(messages.length, 2, 'none refused as too large');
    assert.equal(requestsOf(kms, 'cancelVersionDestruction').length, 0, 'nothing cancelled yet');

    const delivery = await captureOutput(() =>
      cancelHandler(queueEvent(messages), invocationContext({ token: TEST_TOKEN, remainingMs: 60_000 })),
    );
    assert.equal(delivery.error, undefined, 'the batch is not delivered again');
    const outcomes = delivery.value as Array<{ summary?: { cancelled: number }; rejected?: unknown }>;
    assert.deepEqual(
      outcomes.map((o) => [o.rejected, o.summary?.cancelled]).sort(),
      [
        [undefined, 1000],
        [undefined, 200],
      ].sort(),
    );
    assertEveryVersionCancelledOnce();
  } finally {
    await queue.close();
  }
});
