// Sweeps say who scheduled each destruction from KMS itself (the schedule operation's createdBy, through
// ListOperations): the report carries it, the guard sweep's approvals use it, and what cannot be read is a
// warning, never a guess.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler as guardHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as reportHandler } from '../../functions/list-versions/index.ts';
import type { Emulator, SeedData } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';
import { ALICE, guardEnv, NO_OUTCOMES, scheduleOnKms } from './support.ts';

const KEY = 'abjsweepattrib000001';
const FOLDER = 'b1gsweepattrib000001';
const ROBOT_ID = 'ajesweeprobot0000001';
/** Seeded scheduled by ROBOT_ID. */
const BY_ROBOT = `${KEY}s1`;
/** Seeded scheduled, with no schedule operation on record: nobody is known. */
const BY_NOBODY = `${KEY}s2`;
/** Scheduled during the test over the REST API with TEST_TOKEN, which belongs to ALICE. */
const BY_ALICE = `${KEY}a1`;

interface Entry {
  keyId: string;
  versionId: string;
  folderId?: string;
  scheduledBy?: { subjectId: string };
}
interface Report {
  scheduled: Entry[];
  errors: unknown[];
  warnings: Array<{ keyId?: string; code: string; message: string }>;
  complete: boolean;
  results?: Array<Entry & { outcome: string; approval?: Record<string, string> }>;
  summary?: Record<string, number>;
}

let kms: Emulator;
let restoreEnv: () => void;

function seed(labels: Record<string, string> = {}): SeedData {
  const key = keyWith(KEY, { active: 2, scheduled: 2, folderId: FOLDER, labels });
  key.versions!.find((version) => version.id === BY_ROBOT)!.scheduledBy = ROBOT_ID;
  return { keys: [key] };
}

async function sweep(handler: typeof guardHandler) {
  const run = await captureOutput(() => handler(timerEvent(), invocationContext({ token: TEST_TOKEN, remainingMs: 60_000 })));
  return { report: run.value as Report, error: run.error as Error | undefined, logs: records(run.lines) };
}

const byVersion = <T extends Entry>(entries: readonly T[] = []): Record<string, T> =>
  Object.fromEntries(entries.map((entry) => [entry.versionId, entry]));
const statusOf = (versionId: string) => kms.version(KEY, versionId)?.status;

before(async () => {
  kms = await startKms({ subjects: { [TEST_TOKEN]: ALICE } });
  restoreEnv = setEnv(guardEnv(kms, { KMS_KEY_IDS: KEY, LOG_LEVEL: 'INFO' }));
});
beforeEach(async () => {
  setEnv(guardEnv(kms, { KMS_KEY_IDS: KEY, LOG_LEVEL: 'INFO' }));
  kms.clock.set(new Date());
  kms.seed(seed());
  kms.faults.clear();
  await scheduleOnKms(kms, KEY, BY_ALICE);
  kms.clearRequests();
});
after(async () => {
  restoreEnv();
  await kms.close();
});

describe('who scheduled a destruction, in sweeps', () => {
  test('the report sweep names the subject of a seeded schedule and of one made over the API; an unknown one stays absent', async () => {
    const { report, error, logs } = await sweep(reportHandler);
    assert.equal(error, undefined);
    const entries = byVersion(report.scheduled);
    assert.deepEqual(Object.keys(entries).sort(), [BY_ALICE, BY_ROBOT, BY_NOBODY].sort());
    assert.deepEqual(entries[BY_ROBOT]!.scheduledBy, { subjectId: ROBOT_ID });
    assert.deepEqual(entries[BY_ALICE]!.scheduledBy, { subjectId: ALICE.id });
    assert.equal('scheduledBy' in entries[BY_NOBODY]!, false, 'nobody is guessed');
    assert.equal(entries[BY_ALICE]!.folderId, FOLDER, "a named key's folder, read with Get");
    assert.deepEqual([report.warnings, report.errors, report.complete], [[], [], true]);
    const lines = logs.filter((line) => line.level === 'WARN' && line.msg === 'key version scheduled for destruction');
    assert.deepEqual(Object.fromEntries(lines.map((line) => [line.versionId, line.scheduledBy])), {
      [BY_ROBOT]: ROBOT_ID,
      [BY_ALICE]: ALICE.id,
      [BY_NOBODY]: undefined,
    });
  });

  test('the guard sweep honours APPROVED_SUBJECT_IDS with the subject KMS names: approved and still scheduled', async () => {
    setEnv({ APPROVED_SUBJECT_IDS: ALICE.id });
    const { report, error } = await sweep(guardHandler);
    assert.equal(error, undefined);
    const results = byVersion(report.results);
    assert.equal(results[BY_ALICE]!.outcome, 'approved');
    assert.deepEqual(results[BY_ALICE]!.approval, { rule: 'APPROVED_SUBJECT_IDS', subjectId: ALICE.id });
    assert.deepEqual(results[BY_ALICE]!.scheduledBy, { subjectId: ALICE.id });
    assert.deepEqual([results[BY_ROBOT]!.outcome, results[BY_NOBODY]!.outcome], ['cancelled', 'cancelled']);
    assert.deepEqual(report.summary, { ...NO_OUTCOMES, cancelled: 2, approved: 1 });
    assert.deepEqual([statusOf(BY_ALICE), statusOf(BY_ROBOT), statusOf(BY_NOBODY)], ['SCHEDULED_FOR_DESTRUCTION', 'ACTIVE', 'ACTIVE']);
  });

  test("the guard sweep honours APPROVAL_LABEL from a named key's labels, read with Get", async () => {
    kms.seed(seed({ 'destroy-approved': `${KEY}a2_${BY_NOBODY}` }));
    await scheduleOnKms(kms, KEY, BY_ALICE);
    kms.clearRequests();
    const { report, error } = await sweep(guardHandler);
    assert.equal(error, undefined);
    const results = byVersion(report.results);
    assert.deepEqual(
      [results[BY_NOBODY]!.outcome, results[BY_NOBODY]!.approval],
      ['approved', { rule: 'APPROVAL_LABEL', label: 'destroy-approved' }],
    );
    assert.deepEqual([results[BY_ALICE]!.outcome, results[BY_ROBOT]!.outcome], ['cancelled', 'cancelled']);
    assert.deepEqual([statusOf(BY_NOBODY), statusOf(BY_ALICE), statusOf(BY_ROBOT)], ['SCHEDULED_FOR_DESTRUCTION', 'ACTIVE', 'ACTIVE']);
    assert.equal(kms.requests.filter((request) => request.route === 'get' && request.keyId === KEY).length, 1, 'the key was read with Get');
  });

  test('a ListOperations failure is a warning: the sweep stays complete, nobody is named, nothing is approved by guess', async () => {
    kms.faults.add({ route: 'listOperations', status: 503 });
    const { report, error, logs } = await sweep(reportHandler);
    assert.equal(error, undefined);
    assert.equal(report.scheduled.length, 3);
    assert.ok(report.scheduled.every((entry) => !('scheduledBy' in entry)));
    assert.deepEqual([report.errors, report.complete], [[], true]);
    assert.equal(report.warnings.length, 1);
    assert.deepEqual([report.warnings[0]!.keyId, report.warnings[0]!.code], [KEY, 'UNAVAILABLE']);
    assert.match(report.warnings[0]!.message, /who scheduled/);
    assert.ok(logs.some((line) => line.level === 'WARN' && line.msg === 'a key was read only in part' && line.keyId === KEY));

    setEnv({ APPROVED_SUBJECT_IDS: ALICE.id });
    const guard = await sweep(guardHandler);
    assert.equal(guard.error, undefined, 'a warning does not fail the guard sweep');
    assert.equal(guard.report.complete, true);
    assert.deepEqual(guard.report.summary, { ...NO_OUTCOMES, cancelled: 3 }, "ALICE's destruction is not known to be hers: cancelled");
    assert.equal(statusOf(BY_ALICE), 'ACTIVE');
  });
});
