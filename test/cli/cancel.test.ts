// `kms-version-guard cancel` as a user runs it: a child process against the emulator over HTTP on
// loopback, stdin not a terminal. Each test starts from the same seed; what it asserts is what the
// emulator holds afterwards, and the exit code.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Emulator, SeedData } from '../../local/emulator/index.ts';
import { startKms } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';
import { type CliRun, cancelsSent, cliEnv, csvRecords, emptyPathDir, runCli } from './support.ts';

const FOLDER = 'b1gclifoldercancel01';
const KEY = 'abjclicancel0000001';
/** Its one scheduled version is listed in the key's APPROVAL_LABEL (destroy-approved): approved, never cancelled. */
const APPROVED_KEY = 'abjcliapproved00001';

/** Destroyed in 2 h (KEY s1), 2.5 h (APPROVED_KEY s1) and 3 h (KEY s2): the order results are listed in. */
function seed(now = Date.now()): SeedData {
  return {
    keys: [
      keyWith(KEY, { deletionProtection: true, folderId: FOLDER, active: 1, scheduled: 2 }, now),
      keyWith(
        APPROVED_KEY,
        { deletionProtection: true, folderId: FOLDER, scheduled: 1, labels: { 'destroy-approved': `${APPROVED_KEY}s1` } },
        now + 1_800_000,
      ),
    ],
  };
}

interface CancelDoc {
  dryRun: boolean;
  results: Array<{ keyId: string; versionId: string; outcome: string; error?: { code: string } }>;
  summary: Record<string, number>;
}

describe('kms-version-guard cancel', () => {
  let kms: Emulator;
  const path = emptyPathDir();
  let cancel: (args: string[]) => Promise<CliRun>;
  const statusOf = (keyId: string, versionId: string) => kms.version(keyId, versionId)?.status;
  const outcomes = (doc: CancelDoc) => doc.results.map((result) => `${result.versionId} ${result.outcome}`);

  before(async () => {
    kms = await startKms();
    cancel = (args) => runCli(['cancel', ...args, '--endpoint', kms.url], cliEnv(path.dir));
  });
  beforeEach(() => {
    kms.seed(seed());
    kms.faults.clear();
    kms.clearRequests();
  });
  after(async () => {
    await kms.close();
    path.remove();
  });

  test('--dry-run changes nothing and exits 3: it says what it would cancel and what is approved', async () => {
    const run = await cancel(['--folder', FOLDER, '--dry-run']);
    assert.equal(run.status, 3, run.stderr);
    const doc = JSON.parse(run.stdout) as CancelDoc;
    assert.equal(doc.dryRun, true);
    assert.deepEqual(outcomes(doc), [`${KEY}s1 would-cancel`, `${APPROVED_KEY}s1 approved`, `${KEY}s2 would-cancel`]);
    assert.equal(cancelsSent(kms), 0);
    assert.equal(statusOf(KEY, `${KEY}s1`), 'SCHEDULED_FOR_DESTRUCTION');
  });

  test('without --yes and without a terminal to ask on, it refuses: exit 1, nothing changed', async () => {
    const run = await cancel(['--folder', FOLDER]);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^kms-version-guard: refusing to cancel 2 destruction\(s\) unasked: there is no terminal to confirm on; pass --yes to cancel them, or --dry-run to list them\n$/,
    );
    assert.equal(cancelsSent(kms), 0);
    assert.equal(statusOf(KEY, `${KEY}s1`), 'SCHEDULED_FOR_DESTRUCTION');
    assert.equal(statusOf(KEY, `${KEY}s2`), 'SCHEDULED_FOR_DESTRUCTION');
  });

  test('--yes cancels every scheduled destruction but the approved one: ACTIVE on KMS, exit 0', async () => {
    const run = await cancel(['--folder', FOLDER, '--yes', '--format', 'table']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(statusOf(KEY, `${KEY}s1`), 'ACTIVE');
    assert.equal(statusOf(KEY, `${KEY}s2`), 'ACTIVE');
    assert.equal(statusOf(APPROVED_KEY, `${APPROVED_KEY}s1`), 'SCHEDULED_FOR_DESTRUCTION');
    assert.match(run.stdout, new RegExp(`${KEY}s1 +│ cancelled `));
    assert.match(run.stdout, new RegExp(`${APPROVED_KEY}s1 +│ approved .*listed in the key's destroy-approved label`));
    assert.match(run.stdout, /Cancelled 2, already active 0, approved 1, pending 0, failed 0\.\n$/);
  });

  test('--key with --version cancels that version alone (csv)', async () => {
    const run = await cancel(['--key', KEY, '--version', `${KEY}s2`, '--yes', '--format', 'csv']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      csvRecords(run.stdout).map(({ kind, keyId, versionId, outcome }) => [kind, keyId, versionId, outcome]),
      [['scheduled', KEY, `${KEY}s2`, 'cancelled']],
    );
    assert.equal(statusOf(KEY, `${KEY}s2`), 'ACTIVE');
    assert.equal(statusOf(KEY, `${KEY}s1`), 'SCHEDULED_FOR_DESTRUCTION');
    assert.equal(cancelsSent(kms), 1);
  });

  test('a cancel KMS refuses is failed, with its code: exit 1', async () => {
    kms.faults.add({ route: 'cancelVersionDestruction', keyId: KEY, status: 403 });
    const run = await cancel(['--key', KEY, '--yes']);
    assert.equal(run.status, 1);
    const doc = JSON.parse(run.stdout) as CancelDoc;
    assert.deepEqual(
      doc.results.map((result) => [result.versionId, result.outcome, result.error?.code]),
      [
        [`${KEY}s1`, 'failed', 'PERMISSION_DENIED'],
        [`${KEY}s2`, 'failed', 'PERMISSION_DENIED'],
      ],
    );
    assert.equal(statusOf(KEY, `${KEY}s1`), 'SCHEDULED_FOR_DESTRUCTION');
  });
});
