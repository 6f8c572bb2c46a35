// `kms-version-guard scan` as a user runs it: a child process against the emulator over HTTP on loopback,
// stdout not a terminal (so json by default, and no progress line).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Emulator, SeedData } from '../../local/emulator/index.ts';
import { startKms } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';
import { type CliRun, cliEnv, csvRecords, emptyPathDir, runCli } from './support.ts';

const FOLDER = 'b1gclifolderscan0001';
const CLEAN_FOLDER = 'b1gclifolderclean001';
const K1 = 'abjclikeyone0000001';
const K2 = 'abjclikeytwo0000001';
const K3 = 'abjclikeyclean00001';
const DENIED = 'abjclikeydenied00001';
const OPS = 'ajecliops0000000001';

function seed(now: number): SeedData {
  const k1 = keyWith(K1, { deletionProtection: true, folderId: FOLDER, active: 1, scheduled: 2 }, now);
  k1.versions![2]!.scheduledBy = OPS;
  return {
    keys: [
      k1,
      keyWith(K2, { deletionProtection: true, folderId: FOLDER, active: 1 }, now),
      keyWith(K3, { deletionProtection: true, folderId: CLEAN_FOLDER, active: 2, destroyed: 1 }, now),
      keyWith(DENIED, { deletionProtection: true, folderId: 'b1gclifolderdeny0001', scheduled: 1 }, now),
    ],
  };
}

interface Report {
  scheduled: Array<Record<string, unknown>>;
  errors: Array<Record<string, unknown>>;
  unprotectedKeys: unknown[];
  complete: boolean;
  foldersScanned: number;
  keysScanned: number;
  versionsScanned: number;
}

describe('kms-version-guard scan', () => {
  let kms: Emulator;
  let now: number;
  const path = emptyPathDir();
  let scan: (args: string[], vars?: Record<string, string>) => Promise<CliRun>;

  before(async () => {
    now = Date.now();
    kms = await startKms({ seed: seed(now) });
    scan = (args, vars = {}) => runCli(['scan', ...args], cliEnv(path.dir, vars));
  });
  beforeEach(() => {
    kms.faults.clear();
    kms.clearRequests();
  });
  after(async () => {
    await kms.close();
    path.remove();
  });

  test('json (the default off a terminal): the scheduled versions exactly, exit 3, nothing on stderr', async () => {
    const run = await scan(['--folder', FOLDER, '--endpoint', kms.url]);
    assert.equal(run.status, 3, run.stderr);
    assert.equal(run.stderr, '', 'no progress line and no diagnostics off a terminal');
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(
      report.scheduled.map(({ keyId, versionId, destroyAt, folderId, scheduledBy, hoursLeft }) => ({
        keyId,
        versionId,
        destroyAt,
        folderId,
        scheduledBy,
        hoursLeft,
      })),
      [
        {
          keyId: K1,
          versionId: `${K1}s1`,
          destroyAt: new Date(now + 2 * 3_600_000).toISOString(),
          folderId: FOLDER,
          scheduledBy: { subjectId: OPS },
          hoursLeft: 2,
        },
        {
          keyId: K1,
          versionId: `${K1}s2`,
          destroyAt: new Date(now + 3 * 3_600_000).toISOString(),
          folderId: FOLDER,
          scheduledBy: undefined,
          hoursLeft: 3,
        },
      ],
    );
    assert.deepEqual([report.foldersScanned, report.keysScanned, report.versionsScanned, report.complete], [1, 2, 6, true]);
    assert.deepEqual(report.unprotectedKeys, []);
  });

  test('table: the versions, hours left and who scheduled them, then what was scanned; no escape codes', async () => {
    const run = await scan(['--folder', FOLDER, '--endpoint', kms.url, '--format', 'table']);
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stdout, /^Versions scheduled for destruction: 2\n/);
    const rows = run.stdout.split('\n').filter((line) => line.includes(K1));
    assert.equal(rows.length, 2, run.stdout);
    assert.match(rows[0]!, new RegExp(`${K1}s1 .* 2 .* ${FOLDER} .* ${OPS}`));
    assert.match(rows[1]!, new RegExp(`${K1}s2 .* 3 .* ${FOLDER}`));
    assert.match(
      run.stdout,
      /Scanned 0 cloud\(s\), 1 folder\(s\), 2 key\(s\), 6 version\(s\)\.\nFound 2 version\(s\) scheduled for destruction\.\n$/,
    );
    assert.ok(!run.stdout.includes('\x1b') && !run.stderr.includes('\x1b'), 'no colours or cursor moves off a terminal');
  });

  test('csv: a header and one row per finding, kind first; a key that answers 403 is an error row and exit 1', async () => {
    kms.faults.add({ keyId: DENIED, status: 403 });
    const run = await scan(['--key', `${DENIED},${K1}`, '--format', 'csv', '--endpoint', kms.url]);
    assert.equal(run.status, 1, 'an incomplete scan is an error, even though it found something');
    assert.equal(
      run.stdout.split('\n')[0],
      'kind,keyId,versionId,outcome,destroyAt,hoursLeft,keyName,folderId,cloudId,organizationId,scheduledBy,code,message',
    );
    // Warnings aside (what was read only in part, such as the denied key's own record where the sweep reads it).
    const records = csvRecords(run.stdout).filter((record) => record.kind !== 'warning');
    assert.deepEqual(
      records.map(({ kind, keyId, versionId, folderId, scheduledBy, code }) => ({ kind, keyId, versionId, folderId, scheduledBy, code })),
      [
        { kind: 'scheduled', keyId: K1, versionId: `${K1}s1`, folderId: FOLDER, scheduledBy: OPS, code: '' },
        { kind: 'scheduled', keyId: K1, versionId: `${K1}s2`, folderId: FOLDER, scheduledBy: '', code: '' },
        { kind: 'error', keyId: DENIED, versionId: '', folderId: '', scheduledBy: '', code: 'PERMISSION_DENIED' },
      ],
    );
  });

  test('a clean scope exits 0; the scope may come from the variables the functions read', async () => {
    const run = await scan(['--endpoint', kms.url], { KMS_FOLDER_IDS: CLEAN_FOLDER });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report & { scope: unknown };
    assert.deepEqual(report.scope, { keyIds: [], folderIds: [CLEAN_FOLDER] });
    assert.deepEqual([report.scheduled, report.keysScanned, report.complete], [[], 1, true]);
  });

  test('bad input is one line naming the flag, a usage hint, exit 1, and no request sent', async () => {
    // More cases run in-process in program.test.ts; these two go through a real process and its exit code.
    const cases: Array<[string[], RegExp]> = [
      [['--folder', FOLDER, '--colour'], /^kms-version-guard: scan: unknown option --colour$/],
      [
        ['--key', 'abj/../x', '--endpoint', kms.url],
        /^kms-version-guard: scan: --key must be comma-separated IDs of 1 to 50 Latin letters or digits$/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await scan(args);
      assert.equal(run.status, 1, args.join(' '));
      assert.equal(run.stdout, '');
      const lines = run.stderr.trimEnd().split('\n');
      assert.match(lines[0]!, message);
      assert.deepEqual(lines.slice(1), ["Run 'kms-version-guard scan --help' for usage."]);
    }
    assert.equal(kms.requests.length, 0);
  });
});
