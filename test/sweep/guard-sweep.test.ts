import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { kmsEnv, requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';

interface GuardReport {
  scheduled: Array<{ keyId: string; versionId: string }>;
  results?: Array<{ keyId: string; versionId: string; outcome: string; error?: { code: number } }>;
  summary?: { cancelled: number; pending: number; alreadyActive: number; failed: number };
  dryRun?: boolean;
  complete: boolean;
}

let kms: Emulator;
let restoreEnv: () => void;
let keyIds: string[];

async function guard(payload?: string) {
  const run = await captureOutput(() => handler(timerEvent(payload), invocationContext({ token: TEST_TOKEN, remainingMs: 120_000 })));
  return { report: run.value as GuardReport, error: run.error as Error | undefined, logs: records(run.lines) };
}

function statusOf(keyId: string, versionId: string): string | undefined {
  return kms.version(keyId, versionId)?.status;
}

function allScheduled(): string[] {
  return keyIds.flatMap((keyId) =>
    kms
      .key(keyId)!
      .versions.filter((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION')
      .map((v) => `${keyId}/${v.id}`),
  );
}

before(async () => {
  kms = await startKms();
});
beforeEach(() => {
  const seed = generateSeed({ keys: 20, versionsPerKey: 10, scheduled: 40, idPrefix: 'grd' });
  keyIds = seed.keys.map((k) => k.id);
  kms.clock.set(new Date());
  kms.seed(seed);
  kms.faults.clear();
  kms.clearRequests();
  restoreEnv = setEnv({
    ...kmsEnv(kms),
    LOG_LEVEL: 'INFO',
    KMS_KEY_IDS: keyIds.join(','),
    DRY_RUN: undefined,
    KMS_MAX_ATTEMPTS: '1',
    ALLOWED_KEY_IDS: undefined,
  });
});
after(async () => {
  restoreEnv();
  await kms.close();
});

describe('guard sweep (cancel-version-destruction on a timer)', () => {
  test('cancels every scheduled version in scope; the emulator agrees with every result', async () => {
    const before = allScheduled();
    assert.equal(before.length, 40);
    const { report, error } = await guard();
    assert.equal(error, undefined);
    assert.equal(report.scheduled.length, 40);
    assert.equal(report.results?.length, 40);
    assert.deepEqual(report.summary, { cancelled: 40, pending: 0, alreadyActive: 0, failed: 0, approved: 0, wouldCancel: 0 });
    for (const result of report.results!) {
      assert.equal(result.outcome, 'cancelled');
      assert.equal(statusOf(result.keyId, result.versionId), 'ACTIVE');
    }
    assert.deepEqual(allScheduled(), []);
  });

  test('DRY_RUN=true reports what it would cancel and changes nothing', async () => {
    setEnv({ DRY_RUN: 'true' });
    const { report, logs } = await guard();
    assert.equal(report.dryRun, true);
    assert.equal(report.scheduled.length, 40);
    assert.equal(report.results?.length, 40);
    assert.ok(report.results?.every((r: { outcome: string }) => r.outcome === 'would-cancel'));
    assert.equal(allScheduled().length, 40);
    assert.equal(requestsOf(kms, 'cancelVersionDestruction').length, 0);
    assert.ok(logs.some((l) => l.msg === 'dry run: nothing cancelled' && l.wouldCancel === 40));
  });

  test('a payload with dryRun: true does the same for one run', async () => {
    const { report } = await guard(JSON.stringify({ dryRun: true }));
    assert.equal(report.dryRun, true);
    assert.equal(allScheduled().length, 40);
  });

  test('a failed cancellation fails the invocation after every other version was saved and the result logged', async () => {
    const [victimKey] = keyIds.filter((id) => kms.key(id)!.versions.some((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION'));
    kms.faults.add({ route: 'cancelVersionDestruction', keyId: victimKey, status: 503 });
    const { error, logs } = await guard();
    assert.match(String(error?.message), /^ABORTED: guard sweep incomplete: \d+ cancellation\(s\) failed/);
    const stillScheduled = allScheduled();
    assert.ok(stillScheduled.length > 0 && stillScheduled.every((entry) => entry.startsWith(`${victimKey}/`)));
    const failures = logs.filter((l) => l.level === 'ERROR' && l.msg === 'could not cancel destruction');
    assert.equal(failures.length, stillScheduled.length);
    assert.ok(failures.every((l) => l.keyId === victimKey && l.code === 'UNAVAILABLE' && l.reason.length > 0));
    assert.ok(logs.some((l) => l.msg === 'guard sweep finished'));
  });

  test('a key that cannot be read fails the invocation too: a version there may be missed', async () => {
    kms.faults.add({ route: 'listVersions', keyId: keyIds[3], status: 403 });
    const { error } = await guard();
    assert.match(String(error?.message), /1 key\(s\) unreadable/);
  });
});
