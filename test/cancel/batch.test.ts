import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { invocationContext } from '../support/events.ts';
import { kmsEnv, requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

interface Answer {
  results: Array<{ keyId: string; versionId: string; outcome: string; error?: { code: number; message: string } }>;
  summary: { cancelled: number; pending: number; alreadyActive: number; failed: number };
}

let kms: Emulator;
let restoreEnv: () => void;
const KEYS = Array.from({ length: 20 }, (_, i) => `abjbatch${String(i).padStart(2, '0')}`);
const invoke = async (input: unknown) => (await handler(input, invocationContext({ token: TEST_TOKEN }))) as Answer;

/** A fixed shuffle, so a failure can be reproduced. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function expectedOutcome(versionId: string): string {
  const kind = versionId.slice(-3).replace(/\d/g, '').slice(-1);
  return { s: 'cancelled', a: 'already-active', d: 'failed', x: 'failed' }[kind]!;
}

before(async () => {
  kms = await startKms();
  restoreEnv = setEnv({ ...kmsEnv(kms), LOG_LEVEL: 'FATAL', ALLOWED_KEY_IDS: undefined, SWEEP_CONCURRENCY: '8' });
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: KEYS.map((id) => keyWith(id, { active: 10, scheduled: 30, destroyed: 5 })) });
  kms.clearRequests();
});
after(async () => {
  restoreEnv();
  await kms.close();
});

describe('batches', () => {
  test('1,000 items mixing every outcome are answered in input order with a correct summary', async () => {
    const unique = KEYS.flatMap((keyId) => [
      ...Array.from({ length: 30 }, (_, i) => ({ keyId, versionId: `${keyId}s${i + 1}` })),
      ...Array.from({ length: 10 }, (_, i) => ({ keyId, versionId: `${keyId}a${i + 1}` })),
      ...Array.from({ length: 5 }, (_, i) => ({ keyId, versionId: `${keyId}d${i + 1}` })),
      ...Array.from({ length: 2 }, (_, i) => ({ keyId, versionId: `${keyId}x${i + 1}` })),
    ]);
    const items = shuffled([...unique, ...unique.slice(0, 1000 - unique.length)]);
    assert.equal(items.length, 1000);

    const answer = await invoke({ items });
    assert.equal(answer.results.length, 1000);
    answer.results.forEach((result, i) => {
      assert.deepEqual([result.keyId, result.versionId], [items[i]!.keyId, items[i]!.versionId]);
      assert.equal(result.outcome, expectedOutcome(result.versionId), result.versionId);
    });
    const count = (outcome: string) => answer.results.filter((r) => r.outcome === outcome).length;
    assert.deepEqual(answer.summary, {
      cancelled: count('cancelled'),
      pending: 0,
      alreadyActive: count('already-active'),
      failed: count('failed'),
    });
    assert.equal(answer.summary.cancelled + answer.summary.alreadyActive + answer.summary.failed, 1000);
    // Every scheduled version is ACTIVE now: the results match what KMS holds.
    for (const keyId of KEYS) {
      assert.ok(kms.key(keyId)!.versions.every((v) => v.status !== 'SCHEDULED_FOR_DESTRUCTION'));
    }
  });

  test('duplicates are done once and share the result', async () => {
    const item = { keyId: KEYS[0]!, versionId: `${KEYS[0]}s1` };
    const answer = await invoke({ items: [item, item, { ...item }] });
    assert.deepEqual(
      answer.results.map((r) => r.outcome),
      ['cancelled', 'cancelled', 'cancelled'],
    );
    assert.equal(requestsOf(kms, 'cancelVersionDestruction').length, 1);
  });

  test('a single {keyId, versionId} answers results and summary too', async () => {
    const answer = await invoke({ keyId: KEYS[1], versionId: `${KEYS[1]}s2` });
    assert.deepEqual(answer.summary, { cancelled: 1, pending: 0, alreadyActive: 0, failed: 0 });
    assert.equal(kms.version(KEYS[1]!, `${KEYS[1]}s2`)?.status, 'ACTIVE');
  });

  test('a sweep report cancels its scheduled list', async () => {
    const report = {
      generatedAt: new Date().toISOString(),
      scope: { keyIds: [KEYS[2]] },
      keysScanned: 1,
      versionsScanned: 46,
      scheduled: [1, 2].map((i) => ({ keyId: KEYS[2], versionId: `${KEYS[2]}s${i}`, destroyAt: new Date().toISOString(), primary: false })),
      errors: [],
      notReached: [],
      complete: true,
    };
    const answer = await invoke(report);
    assert.deepEqual(answer.summary, { cancelled: 2, pending: 0, alreadyActive: 0, failed: 0 });
  });

  test('more than 1,000 items: INVALID_ARGUMENT naming items, nothing done', async () => {
    const items = Array.from({ length: 1001 }, () => ({ keyId: KEYS[0], versionId: `${KEYS[0]}s1` }));
    await assert.rejects(invoke({ items }), { message: /^INVALID_ARGUMENT: items: must hold at most 1000 items/ });
    assert.equal(kms.requests.length, 0);
  });

  test('input that is not an object is refused in our words, naming the input, nothing done', async () => {
    for (const input of [null, 42, 'abj', [{ keyId: KEYS[0], versionId: `${KEYS[0]}s1` }]]) {
      await assert.rejects(invoke(input), { message: /^INVALID_ARGUMENT: input: must be an object/ });
    }
    assert.equal(kms.requests.length, 0);
  });

  test('a bad item is named by its position, nothing done', async () => {
    const items = [
      { keyId: KEYS[0], versionId: `${KEYS[0]}s1` },
      { keyId: 'abj/..', versionId: 'v' },
    ];
    await assert.rejects(invoke({ items }), { message: /^INVALID_ARGUMENT: items\[1\]\.keyId: / });
    assert.equal(kms.requests.length, 0);
  });

  test('calls for different keys run concurrently, never more than SWEEP_CONCURRENCY at once', async () => {
    kms.faults.add({ route: 'cancelVersionDestruction', latencyMs: 30 });
    const items = KEYS.map((keyId) => ({ keyId, versionId: `${keyId}s1` }));
    await invoke({ items });
    kms.faults.clear();
    const inFlight = kms.concurrency.peak;
    assert.ok(inFlight > 1, `expected concurrent calls, saw ${inFlight}`);
    assert.ok(inFlight <= 8, `at most 8 in flight, saw ${inFlight}`);
  });
});
