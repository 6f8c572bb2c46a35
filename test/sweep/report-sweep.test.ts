import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler } from '../../functions/list-versions/index.ts';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { kmsEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

interface Report {
  scope: { keyIds: string[]; folderIds?: string[] };
  keysScanned: number;
  versionsScanned: number;
  scheduled: Array<{ keyId: string; versionId: string; destroyAt: string; primary: boolean }>;
  errors: Array<{ keyId?: string; code: string; message: string }>;
  notReached: Array<{ keyId?: string; folderId?: string; cloudId?: string }>;
  complete: boolean;
}

let kms: Emulator;
let restoreEnv: () => void;
const FOLDER = 'b1gsweepfolder01';

async function sweep(payload?: string, remainingMs = 60_000) {
  const run = await captureOutput(() => handler(timerEvent(payload), invocationContext({ token: TEST_TOKEN, remainingMs })));
  return { report: run.value as Report, error: run.error as Error | undefined, logs: records(run.lines) };
}

/** What the emulator holds as scheduled, as `keyId/versionId` strings. */
function scheduledInKms(keyIds: string[]): string[] {
  return keyIds
    .flatMap((keyId) =>
      kms
        .key(keyId)!
        .versions.filter((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION')
        .map((v) => `${keyId}/${v.id}`),
    )
    .sort();
}

before(async () => {
  kms = await startKms();
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.faults.clear();
  kms.clearRequests();
  restoreEnv = setEnv({
    ...kmsEnv(kms),
    LOG_LEVEL: 'INFO',
    KMS_KEY_IDS: undefined,
    KMS_FOLDER_ID: undefined,
    PROTECT_LABEL: undefined,
    CHAIN_URL: undefined,
    SWEEP_CONCURRENCY: undefined,
    KMS_MAX_ATTEMPTS: '1',
    ALLOWED_KEY_IDS: undefined,
  });
});
after(async () => {
  restoreEnv();
  await kms.close();
});

describe('report sweep (list-versions on a timer)', () => {
  test('50 keys, 2,000 versions, 100 scheduled: all found, sorted by destroyAt, none invented', async () => {
    const seed = generateSeed({ keys: 50, versionsPerKey: 40, scheduled: 100, idPrefix: 'swp' });
    kms.seed(seed);
    const keyIds = seed.keys.map((k) => k.id);
    setEnv({ KMS_KEY_IDS: keyIds.join(',') });
    const { report, logs } = await sweep();
    assert.equal(report.keysScanned, 50);
    assert.equal(report.versionsScanned, 2000);
    assert.equal(report.scheduled.length, 100);
    assert.deepEqual(report.scheduled.map((s) => `${s.keyId}/${s.versionId}`).sort(), scheduledInKms(keyIds));
    const times = report.scheduled.map((s) => Date.parse(s.destroyAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(report.complete, true);
    assert.deepEqual(report.errors, []);
    const warnings = logs.filter((l) => l.level === 'WARN' && l.msg === 'key version scheduled for destruction');
    assert.equal(warnings.length, 100);
    assert.ok(
      warnings.every(
        (w) => w.keyId && w.versionId && w.destroyAt && typeof w.hoursLeft === 'number' && w.request_id && w.function === 'list-versions',
      ),
    );
    const summary = logs.find((l) => l.msg === 'sweep finished');
    assert.deepEqual([summary?.level, summary?.scheduled, summary?.keysScanned], ['INFO', 100, 50]);
  });

  test('folder scope with PROTECT_LABEL sweeps only the labelled keys of that folder', async () => {
    kms.seed({
      keys: [
        keyWith('abjguarded1', { scheduled: 1, folderId: FOLDER, labels: { guard: 'on' } }),
        keyWith('abjguarded2', { scheduled: 2, folderId: FOLDER, labels: { guard: 'on' } }),
        keyWith('abjunlabelled', { scheduled: 1, folderId: FOLDER }),
        keyWith('abjlabeloff', { scheduled: 1, folderId: FOLDER, labels: { guard: 'off' } }),
        keyWith('abjotherfolder', { scheduled: 1, folderId: 'b1gother', labels: { guard: 'on' } }),
      ],
    });
    setEnv({ KMS_FOLDER_ID: FOLDER, PROTECT_LABEL: 'guard=on' });
    const { report } = await sweep();
    assert.equal(report.keysScanned, 2);
    assert.deepEqual([...new Set(report.scheduled.map((s) => s.keyId))].sort(), ['abjguarded1', 'abjguarded2']);
    assert.deepEqual(report.scope.folderIds, [FOLDER]);
  });

  test('a timer payload overrides the configured scope for that run', async () => {
    kms.seed({ keys: [keyWith('abjconfigured', { scheduled: 1 }), keyWith('abjfrompayload', { scheduled: 2 })] });
    setEnv({ KMS_KEY_IDS: 'abjconfigured' });
    const { report } = await sweep(JSON.stringify({ keyIds: ['abjfrompayload'] }));
    assert.deepEqual(report.scope.keyIds, ['abjfrompayload']);
    assert.deepEqual(
      report.scheduled.map((s) => s.keyId),
      ['abjfrompayload', 'abjfrompayload'],
    );
  });

  for (const [name, payload, field] of [
    ['text that is not JSON', 'payload-message', 'payload'],
    ['JSON that is not an object', '["abjkey"]', 'payload'],
    ['a bad key ID', '{"keyIds": ["abj/../x"]}', 'payload.keyIds[0]'],
    ['an unknown field', '{"keyId": "abjkey"}', 'payload'],
  ] as const) {
    test(`a payload with ${name} fails the invocation with a logged error, and sweeps nothing`, async () => {
      kms.seed({ keys: [keyWith('abjconfigured', { scheduled: 1 })] });
      setEnv({ KMS_KEY_IDS: 'abjconfigured' });
      const { error, logs } = await sweep(payload);
      assert.match(String(error?.message), new RegExp(`^INVALID_ARGUMENT: ${field.replace(/[[\].]/g, '\\$&')}`));
      assert.ok(logs.some((l) => l.level === 'WARN' || l.level === 'ERROR'));
      assert.equal(kms.requests.length, 0);
    });
  }

  test('no scope at all is a clear configuration error', async () => {
    const { error } = await sweep();
    assert.match(String(error?.message), /KMS_KEY_IDS.*KMS_FOLDER_ID/);
  });

  test('a key that cannot be listed is reported; every other key is still swept', async () => {
    kms.seed({
      keys: [
        keyWith('abjfine1', { scheduled: 1 }),
        { id: 'abjdenied', accessDenied: true, versions: [{ id: 'abjdeniedp', primary: true }] },
        keyWith('abjfine2', { scheduled: 1 }),
      ],
    });
    kms.faults.add({ route: 'listVersions', keyId: 'abjfine2', status: 503 });
    setEnv({ KMS_KEY_IDS: 'abjfine1,abjdenied,abjfine2,abjmissing' });
    const { report, logs } = await sweep();
    assert.equal(report.complete, false);
    assert.deepEqual(report.errors.map((e) => [e.keyId, e.code]).sort(), [
      ['abjdenied', 'PERMISSION_DENIED'],
      ['abjfine2', 'UNAVAILABLE'],
      ['abjmissing', 'NOT_FOUND'],
    ]);
    assert.deepEqual(
      report.scheduled.map((s) => s.keyId),
      ['abjfine1'],
    );
    assert.equal(logs.filter((l) => l.level === 'ERROR' && l.msg === 'could not read key versions').length, 3);
  });

  test('a sweep cut short by the deadline lists the keys it did not reach', async () => {
    kms.seed({ keys: Array.from({ length: 20 }, (_, i) => keyWith(`abjslow${i}`, { scheduled: 1 })) });
    kms.faults.add({ route: 'listVersions', latencyMs: 250 });
    setEnv({ KMS_KEY_IDS: Array.from({ length: 20 }, (_, i) => `abjslow${i}`).join(','), SWEEP_CONCURRENCY: '1' });
    const remainingMs = 2_500;
    const started = Date.now();
    const { report } = await sweep(undefined, remainingMs);
    assert.ok(Date.now() - started < remainingMs, 'the report is ready before the platform would stop the call');
    assert.equal(report.complete, false);
    assert.ok(report.notReached.length > 0 && report.keysScanned > 0);
    assert.equal(report.keysScanned + report.notReached.length + report.errors.length, 20);
    assert.ok(
      report.notReached.every((ref) => ref.keyId?.startsWith('abjslow')),
      'each cut-off key is named as a key',
    );
    assert.deepEqual(
      report.scheduled.map((s) => s.keyId).sort(),
      Array.from({ length: report.keysScanned }, (_, i) => `abjslow${i}`).sort(),
    );
  });

  test('never more than SWEEP_CONCURRENCY requests in flight', async () => {
    const seed = generateSeed({ keys: 20, versionsPerKey: 3, idPrefix: 'cnc' });
    kms.seed(seed);
    kms.faults.add({ route: 'listVersions', latencyMs: 20 });
    setEnv({ KMS_KEY_IDS: seed.keys.map((k) => k.id).join(','), SWEEP_CONCURRENCY: '3' });
    const { report } = await sweep();
    assert.equal(report.keysScanned, 20);
    assert.equal(kms.concurrency.peak, 3);
  });

  test('ALLOWED_KEY_IDS: a payload naming another key is refused before any KMS call', async () => {
    kms.seed({ keys: [keyWith('abjallowed', { scheduled: 1 }), keyWith('abjforeign', { scheduled: 1 })] });
    setEnv({ KMS_KEY_IDS: 'abjallowed', ALLOWED_KEY_IDS: 'abjallowed' });
    const { error } = await sweep(JSON.stringify({ keyIds: ['abjforeign'] }));
    assert.match(String(error?.message), /^PERMISSION_DENIED: /);
    assert.equal(kms.requests.length, 0);
  });
});
