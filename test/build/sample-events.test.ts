import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { demoSeed } from '../../local/emulator/demo-seed.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { captureOutput } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { kmsEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';

// The sample events in test/events/ are what docs/events.md points users at (`npm run invoke`): each must
// work, as the platform would deliver it, against the demo keys.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
type Handler = (event: unknown, context: unknown) => Promise<unknown>;
const bundle = (name: string) => (require(path.join(ROOT, 'dist', name, 'index.js')) as { handler: Handler }).handler;
const event = (file: string) => JSON.parse(readFileSync(path.join(ROOT, 'test/events', file), 'utf8'));
const invoke = async (name: string, file: string) =>
  (await captureOutput(() => bundle(name)(event(file), invocationContext({ token: TEST_TOKEN })))).value as any;

let kms: Emulator;
let restoreEnv: () => void;
before(async () => {
  kms = await startKms();
  const keyIds = demoSeed()
    .keys.map((k) => k.id)
    .join(',');
  restoreEnv = setEnv({ ...kmsEnv(kms), LOG_LEVEL: 'ERROR', KMS_KEY_IDS: keyIds, ALLOWED_KEY_IDS: undefined, DRY_RUN: undefined });
});
beforeEach(() => kms.seed(demoSeed()));
after(async () => {
  restoreEnv();
  await kms.close();
});

test('list-versions: HTTP, API Gateway and direct samples', async () => {
  assert.equal((await invoke('list-versions', 'http-list-versions.json')).statusCode, 200);
  const gateway = await invoke('list-versions', 'api-gateway-list-versions.json');
  assert.ok(JSON.parse(gateway.body).keyVersions.every((v: { status: string }) => v.status === 'ACTIVE'));
  assert.equal((await invoke('list-versions', 'direct-list-versions.json')).keyVersions.length, 2);
});

test('list-versions: timer samples sweep the demo keys (the payload narrows it to two)', async () => {
  assert.equal((await invoke('list-versions', 'timer.json')).scheduled.length, 4);
  const narrowed = await invoke('list-versions', 'timer-with-payload.json');
  assert.deepEqual(narrowed.scope.keyIds, ['abjpayments000000001', 'abjscratch0000000001']);
  assert.equal(narrowed.scheduled.length, 3);
});

test('cancel: HTTP, API Gateway, direct, queue and timer (dry run payload) samples', async () => {
  assert.equal(JSON.parse((await invoke('cancel-version-destruction', 'http-cancel.json')).body).outcome, 'cancelled');
  assert.equal(JSON.parse((await invoke('cancel-version-destruction', 'api-gateway-cancel.json')).body).outcome, 'cancelled');
  const direct = await invoke('cancel-version-destruction', 'direct-cancel-items.json');
  assert.deepEqual(
    direct.summary,
    { cancelled: 0, pending: 0, alreadyActive: 1, failed: 1 },
    'cancelled above already; the other is destroyed',
  );
  const queue = await invoke('cancel-version-destruction', 'queue-batch.json');
  assert.deepEqual(
    queue.map((m: { summary?: { cancelled: number }; rejected?: unknown }) => m.summary?.cancelled ?? 'rejected'),
    [1, 1, 'rejected'],
  );
  const dryRun = await invoke('cancel-version-destruction', 'timer-with-payload.json');
  assert.equal(dryRun.dryRun, true);
});

test('cancel: the real-time guard samples (Cloud Logging batches in snake_case and camelCase, a bare EventRouter event, STARTED only)', async () => {
  const snake = await invoke('cancel-version-destruction', 'logging-audit-batch.json');
  assert.deepEqual(
    snake.results.map((r: { versionId: string; outcome: string }) => [r.versionId, r.outcome]),
    [['abjbackupsv000000002', 'cancelled']],
  );
  assert.deepEqual([snake.ignored, snake.poison], [2, 0], 'its STARTED record and a compute event');
  assert.equal(snake.results[0].scheduledBy.subjectName, 'ops-robot');
  assert.equal(kms.version('abjbackups0000000001', 'abjbackupsv000000002')?.status, 'ACTIVE');

  const camel = await invoke('cancel-version-destruction', 'logging-audit-batch-camel.json');
  assert.deepEqual(camel.summary, { cancelled: 1, pending: 0, alreadyActive: 0, failed: 0, approved: 0, wouldCancel: 0 });
  assert.deepEqual([camel.results[0].versionId, camel.results[0].scheduledBy.subjectId], ['abjpaymentsv00000004', 'ajedemouser000000001']);
  assert.equal(kms.version('abjpayments000000001', 'abjpaymentsv00000004')?.status, 'ACTIVE');

  const bare = await invoke('cancel-version-destruction', 'eventrouter-audit-event.json');
  assert.deepEqual(
    [bare.results[0].versionId, bare.results[0].outcome, bare.ignored, bare.poison],
    ['abjscratchv000000001', 'cancelled', 0, 0],
  );
  assert.equal(kms.version('abjscratch0000000001', 'abjscratchv000000001')?.status, 'ACTIVE');

  kms.seed(demoSeed());
  kms.clearRequests();
  const started = await invoke('cancel-version-destruction', 'logging-audit-started.json');
  assert.deepEqual([started.results, started.ignored, started.poison], [[], 1, 0]);
  assert.deepEqual(kms.requests, [], 'no KMS request for a destruction not scheduled yet');
  assert.equal(kms.version('abjbackups0000000001', 'abjbackupsv000000002')?.status, 'SCHEDULED_FOR_DESTRUCTION');
});

test('cancel: the key deletion defense sample (protection turned off, a key deleted) is protected again and paged', async () => {
  // The sample's update says payments lost its protection: make it so on the emulator, as it would be.
  const seed = demoSeed();
  kms.seed({ ...seed, keys: seed.keys.map((key) => (key.id === 'abjpayments000000001' ? { ...key, deletionProtection: false } : key)) });
  const restore = setEnv({ ENFORCE_DELETION_PROTECTION: 'true' });
  try {
    const answer = await invoke('cancel-version-destruction', 'logging-audit-key-changes.json');
    assert.deepEqual(
      answer.keyResults.map((r: { keyName: string; change: string; outcome: string }) => [r.keyName, r.change, r.outcome]),
      [
        ['payments', 'UpdateSymmetricKey', 'protected'],
        ['scratch', 'DeleteSymmetricKey', 'deleted'],
      ],
    );
    assert.equal(answer.keyResults[1].restorableUntil, '2026-12-01T09:20:00.089Z', '72 hours after the deletion');
    assert.equal(kms.key('abjpayments000000001')?.deletionProtection, true);
  } finally {
    restore();
  }
});
