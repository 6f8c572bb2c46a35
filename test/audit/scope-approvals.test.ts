// Which audit events the guard acts on (scope, ALLOWED_KEY_IDS), which destructions it honours (approvals),
// and a dry run: decided from the event alone, with no KMS or Resource Manager request beyond the cancel.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditLogEntry, Emulator } from '../../local/emulator/index.ts';
import { setEnv } from '../support/kms.ts';
import {
  ALICE,
  auditSeed,
  batchOf,
  CLOUD_A,
  CLOUD_B,
  doneOf,
  FOLDER_A1,
  FOLDER_A2,
  invokeGuard,
  KEY_A,
  KEY_B,
  KEY_C,
  kmsCalls,
  NO_OUTCOMES,
  scheduleOnKms,
  useAuditEmulator,
} from './support.ts';

let kms: Emulator;

const V_A = `${KEY_A}a1`;
const V_B = `${KEY_B}a1`;
const V_C = `${KEY_C}a1`;
const statusOf = (keyId: string, versionId: string) => kms.version(keyId, versionId)?.status;

useAuditEmulator((started) => {
  kms = started;
});

/** Schedules one version of each key (A in cloud A / folder A1 with protect=true, B in cloud A / folder A2, C in cloud B). */
async function scheduleAll(): Promise<AuditLogEntry[]> {
  const done = [
    doneOf(await scheduleOnKms(kms, KEY_A, V_A)),
    doneOf(await scheduleOnKms(kms, KEY_B, V_B)),
    doneOf(await scheduleOnKms(kms, KEY_C, V_C)),
  ];
  kms.clearRequests();
  return done;
}

/** Runs the batch of all three under `vars`; returns which versions were cancelled, with the answer and the log. */
async function guardWith(vars: Record<string, string>) {
  const done = await scheduleAll();
  setEnv(vars);
  const run = await invokeGuard(batchOf(...done));
  assert.equal(run.error, undefined);
  const cancelled = run.answer.results.filter((r) => r.outcome === 'cancelled').map((r) => r.keyId);
  for (const [keyId, versionId] of [
    [KEY_A, V_A],
    [KEY_B, V_B],
    [KEY_C, V_C],
  ] as const) {
    assert.equal(
      statusOf(keyId, versionId),
      cancelled.includes(keyId) ? 'ACTIVE' : 'SCHEDULED_FOR_DESTRUCTION',
      `${keyId} in the emulator`,
    );
  }
  // Only the cancels themselves: nothing read from KMS or Resource Manager to decide the scope.
  assert.deepEqual(kmsCalls(kms).sort(), cancelled.map((keyId) => `cancelVersionDestruction ${keyId}`).sort());
  return { ...run, cancelled };
}

describe('scope, decided from the event', () => {
  test('with no scope configured every key the events name is guarded', async () => {
    const { cancelled, answer } = await guardWith({});
    assert.deepEqual(cancelled, [KEY_A, KEY_B, KEY_C]);
    assert.equal(answer.ignored, 0);
  });

  test('KMS_KEY_IDS: a key not named is ignored, a named one cancelled', async () => {
    const { cancelled, answer } = await guardWith({ KMS_KEY_IDS: `${KEY_B},abjauditother0000001` });
    assert.deepEqual(cancelled, [KEY_B]);
    assert.equal(answer.ignored, 2);
  });

  test('KMS_FOLDER_IDS: keys of those folders, by the folder in the event resource path', async () => {
    const { cancelled, answer } = await guardWith({ KMS_FOLDER_IDS: `${FOLDER_A1},${FOLDER_A2}` });
    assert.deepEqual(cancelled, [KEY_A, KEY_B]);
    assert.equal(answer.ignored, 1);
  });

  test('KMS_FOLDER_ID (the older single folder) counts as a folder in scope', async () => {
    const { cancelled } = await guardWith({ KMS_FOLDER_ID: FOLDER_A2 });
    assert.deepEqual(cancelled, [KEY_B]);
  });

  test('KMS_CLOUD_IDS: keys of those clouds, by the cloud in the event resource path (no Resource Manager call)', async () => {
    assert.deepEqual((await guardWith({ KMS_CLOUD_IDS: CLOUD_B })).cancelled, [KEY_C]);
    kms.seed(auditSeed());
    assert.deepEqual((await guardWith({ KMS_CLOUD_IDS: CLOUD_A })).cancelled, [KEY_A, KEY_B]);
  });

  test('PROTECT_LABEL alone: keys whose labels in the event carry it', async () => {
    const { cancelled } = await guardWith({ PROTECT_LABEL: 'protect=true' });
    assert.deepEqual(cancelled, [KEY_A, KEY_C]);
  });

  test('a cloud and PROTECT_LABEL: keys of the cloud that carry it; a named key whatever its label', async () => {
    const { cancelled } = await guardWith({ KMS_CLOUD_IDS: CLOUD_A, PROTECT_LABEL: 'protect=true', KMS_KEY_IDS: KEY_C });
    assert.deepEqual(cancelled, [KEY_A, KEY_C]);
  });

  test('ALLOWED_KEY_IDS: a key outside it is not touched, and a WARN names it', async () => {
    const { cancelled, answer, logs } = await guardWith({ ALLOWED_KEY_IDS: `${KEY_A},${KEY_C}` });
    assert.deepEqual(cancelled, [KEY_A, KEY_C]);
    assert.equal(answer.ignored, 1);
    const warning = logs.filter((line) => line.level === 'WARN' && /ALLOWED_KEY_IDS/.test(line.msg));
    assert.equal(warning.length, 1);
    assert.deepEqual([warning[0]!.keyId, warning[0]!.versionId, warning[0]!.scheduledBy], [KEY_B, V_B, ALICE.id]);
  });
});

describe('approvals, from the event', () => {
  test('APPROVED_SUBJECT_IDS naming the event subject: approved with the rule, the version stays scheduled', async () => {
    const { answer, logs, cancelled } = await guardWith({ APPROVED_SUBJECT_IDS: `ajesomeoneelse000001,${ALICE.id}` });
    assert.deepEqual(cancelled, []);
    assert.deepEqual(answer.summary, { ...NO_OUTCOMES, approved: 3 });
    for (const result of answer.results) {
      assert.equal(result.outcome, 'approved');
      assert.deepEqual(result.approval, { rule: 'APPROVED_SUBJECT_IDS', subjectId: ALICE.id });
      assert.equal(result.scheduledBy?.subjectId, ALICE.id);
    }
    const lines = logs.filter((line) => line.level === 'WARN' && line.msg === 'key version destruction scheduled by alice: approved');
    assert.equal(lines.length, 3);
    assert.ok(lines.every((line) => line.approvedBy === 'APPROVED_SUBJECT_IDS'));
  });

  test('another subject in APPROVED_SUBJECT_IDS approves nothing', async () => {
    const { cancelled } = await guardWith({ APPROVED_SUBJECT_IDS: 'ajesomeoneelse000001' });
    assert.deepEqual(cancelled, [KEY_A, KEY_B, KEY_C]);
  });

  test('APPROVAL_LABEL: the version listed (underscore-separated) in the key labels of the event is approved; another is cancelled', async () => {
    kms.seed(
      auditSeed({
        [KEY_A]: { 'destroy-approved': `${KEY_A}a3_${V_A}` },
        [KEY_B]: { 'destroy-approved': `${KEY_B}a2_${KEY_B}a3` },
      }),
    );
    const { answer, cancelled } = await guardWith({});
    assert.deepEqual(cancelled, [KEY_B, KEY_C]);
    const approved = answer.results.find((r) => r.keyId === KEY_A);
    assert.deepEqual([approved?.outcome, approved?.approval], ['approved', { rule: 'APPROVAL_LABEL', label: 'destroy-approved' }]);
    assert.deepEqual(answer.summary, { ...NO_OUTCOMES, approved: 1, cancelled: 2 });
  });

  test('a custom APPROVAL_LABEL name is the one read; the default name then approves nothing', async () => {
    kms.seed(
      auditSeed({
        [KEY_A]: { 'hygiene-ok': V_A },
        [KEY_B]: { 'destroy-approved': V_B },
      }),
    );
    const { answer, cancelled } = await guardWith({ APPROVAL_LABEL: 'hygiene-ok' });
    assert.deepEqual(cancelled, [KEY_B, KEY_C]);
    assert.deepEqual(answer.results.find((r) => r.keyId === KEY_A)?.approval, { rule: 'APPROVAL_LABEL', label: 'hygiene-ok' });
  });
});

describe('dry run', () => {
  test('DRY_RUN=true answers would-cancel and sends nothing to KMS', async () => {
    const done = await scheduleAll();
    setEnv({ DRY_RUN: 'true', APPROVED_SUBJECT_IDS: undefined });
    const { answer, error, logs } = await invokeGuard(batchOf(...done));
    assert.equal(error, undefined);
    assert.deepEqual(answer.summary, { ...NO_OUTCOMES, wouldCancel: 3 });
    assert.ok(answer.results.every((r) => r.outcome === 'would-cancel' && r.scheduledBy?.subjectId === ALICE.id));
    assert.deepEqual(kmsCalls(kms), []);
    for (const [keyId, versionId] of [
      [KEY_A, V_A],
      [KEY_B, V_B],
      [KEY_C, V_C],
    ]) {
      assert.equal(statusOf(keyId!, versionId!), 'SCHEDULED_FOR_DESTRUCTION');
    }
    assert.equal(logs.filter((line) => line.msg === 'key version destruction scheduled by alice: would-cancel').length, 3);
  });
});
