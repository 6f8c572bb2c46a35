// The command line in-process, where no request is needed: bad input and help (through main, with
// captured streams), and how a report is written in each format, keys without deletion protection
// included (a report of the deletion defense carries them; the sweep here does not yet).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { renderCancel } from '../../cli/commands/cancel.ts';
import { renderScan, scanExitCode } from '../../cli/commands/scan.ts';
import { main } from '../../cli/program.ts';
import { GuardError } from '../../shared/errors/guard-error.ts';
import type { SweepReport } from '../../shared/sweep/report.ts';
import { ROOT } from '../support/child-process.ts';
import { csvRecords } from './support.ts';

function terminal(tty = false) {
  const text = { stdout: '', stderr: '' };
  const stream = (name: 'stdout' | 'stderr') =>
    ({
      isTTY: tty,
      columns: 80,
      write: (chunk: string) => {
        text[name] += chunk;
        return true;
      },
    }) as unknown as NodeJS.WriteStream;
  return { text, streams: { stdin: { isTTY: tty } as NodeJS.ReadStream, stdout: stream('stdout'), stderr: stream('stderr') } };
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const { text, streams } = terminal();
  const status = await main(argv, env, streams);
  return { status, ...text };
}

describe('bad input: one line naming what is wrong, a usage hint, exit 1', () => {
  const cases: Array<[string, string[], NodeJS.ProcessEnv, string]> = [
    ['a bad format', ['scan', '--folder', 'b1gfolder', '--format', 'xml'], {}, 'scan: --format must be one of table, json, csv, got "xml"'],
    [
      'an http:// endpoint off loopback (the functions\u2019 endpoint rule)',
      ['scan', '--folder', 'b1gfolder', '--endpoint', 'http://kms.example.com'],
      {},
      'scan: --endpoint must be an https:// URL (http:// only for a loopback host such as 127.0.0.1)',
    ],
    [
      'a bad label',
      ['cancel', '--folder', 'b1gfolder', '--label', 'Protect'],
      {},
      'cancel: --label must be name=value with a KMS label name and value',
    ],
    [
      'a bad --timeout',
      ['scan', '--folder', 'b1gfolder', '--timeout', '0'],
      {},
      'scan: --timeout (seconds) must be an integer from 1 to 86400, got "0"',
    ],
    ['a flag without its value', ['scan', '--folder'], {}, 'scan: --folder needs a value'],
    ['a value for a switch', ['cancel', '--key', 'abjkey', '--yes=no'], {}, 'cancel: --yes takes no value'],
    [
      'a bad --version',
      ['cancel', '--key', 'abjkey', '--version', 'abj v1'],
      {},
      'cancel: --version must be IDs of 1 to 50 Latin letters or digits',
    ],
    [
      '--version without one --key',
      ['cancel', '--folder', 'b1gfolder', '--version', 'abjv1'],
      {},
      'cancel: --version needs exactly one --key',
    ],
    ['no scope at all', ['scan'], {}, 'scan: nothing to scan: give --key, --folder, --cloud or --organization'],
    ['a bad variable, named as such', ['scan'], { KMS_CLOUD_IDS: 'b1g cloud' }, 'scan: KMS_CLOUD_IDS must be comma-separated IDs'],
    ['an unknown command', ['audit'], {}, 'unknown command "audit" (commands: scan, cancel)'],
  ];
  for (const [what, argv, env, message] of cases) {
    test(what, async () => {
      const answer = await run(argv, env);
      assert.equal(answer.status, 1);
      assert.equal(answer.stdout, '');
      const [first, hint, ...rest] = answer.stderr.trimEnd().split('\n');
      assert.ok(first!.startsWith(`kms-version-guard: ${message}`), first);
      assert.match(hint!, /^Run 'kms-version-guard (scan |cancel )?--help' for usage\.$/);
      assert.deepEqual(rest, []);
    });
  }

  test('a scope flag replaces the whole scope of the environment, PROTECT_LABEL included', async () => {
    // The bad PROTECT_LABEL is not read once a flag gives the scope: the error is about the flag's value.
    const answer = await run(['scan', '--key', 'abj-bad'], { PROTECT_LABEL: 'NOT A LABEL', KMS_FOLDER_IDS: 'b1gfolder' });
    assert.match(answer.stderr, /^kms-version-guard: scan: --key must be comma-separated IDs/);
  });
});

test('--help of each command says its flags and exit codes', async () => {
  const scan = await run(['scan', '--help']);
  const cancel = await run(['help', 'cancel']);
  assert.deepEqual([scan.status, cancel.status], [0, 0]);
  for (const flag of ['--key', '--folder', '--cloud', '--organization', '--label', '--endpoint', '--format', '--timeout']) {
    assert.ok(scan.stdout.includes(flag) && cancel.stdout.includes(flag), flag);
  }
  assert.match(scan.stdout, /3 {2}the scan read everything and found a version scheduled for destruction/);
  assert.match(cancel.stdout, /--dry-run/);
  assert.match(cancel.stdout, /-y, --yes/);
  assert.match(cancel.stdout, /3 {2}--dry-run found something to cancel, or the prompt was declined/);
});

const NOW = Date.parse('2026-03-01T00:00:00Z');
const UNPROTECTED = { keyId: 'abjunprotected00001', keyName: 'billing, "eu"', folderId: 'b1gfolderA', cloudId: 'b1gcloudA' };

function report(extra: Partial<SweepReport> = {}): SweepReport {
  return {
    generatedAt: new Date(NOW).toISOString(),
    scope: { keyIds: [], folderIds: ['b1gfolderA'] },
    cloudsScanned: 0,
    foldersScanned: 1,
    foldersSkipped: 0,
    keysScanned: 2,
    versionsScanned: 5,
    scheduled: [
      {
        keyId: 'abjkey1',
        versionId: 'abjv1',
        destroyAt: '2026-03-01T05:30:00Z',
        primary: false,
        folderId: 'b1gfolderA',
        scheduledBy: { subjectId: 'ajeops' },
      },
    ],
    unprotectedKeys: [],
    errors: [],
    warnings: [],
    notReached: [],
    complete: true,
    ...extra,
  };
}

describe('keys without deletion protection', () => {
  const withKeys = report({ scheduled: [], unprotectedKeys: [UNPROTECTED] });

  test('count as a finding: exit 3', () => {
    assert.equal(scanExitCode(withKeys), 3);
    assert.equal(scanExitCode(report({ scheduled: [] })), 0, 'nothing scheduled, every key protected');
  });

  test('json lists them; table shows them as a second section; csv as kind "unprotected", quoted where needed', () => {
    assert.deepEqual((JSON.parse(renderScan(withKeys, 'json', NOW)) as { unprotectedKeys: unknown }).unprotectedKeys, [UNPROTECTED]);
    const table = renderScan(report({ unprotectedKeys: [UNPROTECTED] }), 'table', NOW);
    assert.match(table, /^Versions scheduled for destruction: 1\n/);
    assert.match(table, /\n\nKeys without deletion protection: 1\n/);
    assert.match(table, /abjunprotected00001 │ billing, "eu" │ b1gfolderA │ b1gcloudA/);
    assert.match(table, /Found 1 version\(s\) scheduled for destruction and 1 key\(s\) without deletion protection \(not approved\)\.\n$/);
    const csv = renderScan(withKeys, 'csv', NOW);
    assert.ok(csv.includes('unprotected,abjunprotected00001,,,,,"billing, ""eu""",b1gfolderA,b1gcloudA,,,,\n'), csv);
  });
});

test('a key left unprotected on purpose (DELETION_APPROVAL_LABEL) is shown as approved, and is no finding', () => {
  const approved = {
    ...UNPROTECTED,
    keyName: 'billing',
    approval: { rule: 'DELETION_APPROVAL_LABEL' as const, label: 'deletion-approved' },
  };
  const onlyApproved = report({ scheduled: [], unprotectedKeys: [approved] });
  assert.equal(scanExitCode(onlyApproved), 0);
  const table = renderScan(onlyApproved, 'table', NOW);
  assert.match(table, /Keys without deletion protection: 1 \(1 approved\)\n/);
  assert.match(table, /b1gcloudA │ DELETION_APPROVAL_LABEL deletion-approved │/);
  assert.match(table, /Nothing found\.\n$/);
  const [row] = csvRecords(renderScan(onlyApproved, 'csv', NOW));
  assert.deepEqual([row?.kind, row?.outcome, row?.message], ['unprotected', 'approved', 'DELETION_APPROVAL_LABEL deletion-approved']);
});

test('hours left are to a tenth; errors, warnings and what was not reached each have a section and a CSV kind', () => {
  const incomplete = report({
    errors: [{ folderId: 'b1gfolderB', code: 'PERMISSION_DENIED', message: 'no access' }],
    warnings: [{ keyId: 'abjkey1', code: 'UNAVAILABLE', message: 'who scheduled its versions was not read' }],
    notReached: [{ cloudId: 'b1gcloudZ' }],
    complete: false,
  });
  assert.equal(scanExitCode(incomplete), 1);
  const table = renderScan(incomplete, 'table', NOW);
  assert.match(table, /abjv1 +│ 2026-03-01T05:30:00Z │ 5\.5 +│ b1gfolderA │ ajeops/);
  assert.match(table, /Could not read: 1\n[\s\S]*folder b1gfolderB │ PERMISSION_DENIED │ no access/);
  assert.match(table, /Not reached before the deadline \(--timeout\): 1\n {2}cloud b1gcloudZ/);
  assert.match(table, /Warnings: 1\n/);
  assert.match(table, /The scan is INCOMPLETE/);
  assert.deepEqual(
    csvRecords(renderScan(incomplete, 'csv', NOW)).map((row) => [
      row.kind,
      row.keyId || row.folderId || row.cloudId,
      row.hoursLeft,
      row.code,
    ]),
    [
      ['scheduled', 'abjkey1', '5.5', ''],
      ['error', 'b1gfolderB', '', 'PERMISSION_DENIED'],
      ['warning', 'abjkey1', '', 'UNAVAILABLE'],
      ['not-reached', 'b1gcloudZ', '', ''],
    ],
  );
});

test('a cancel result in json carries the error as its code name and message', () => {
  const failed = {
    keyId: 'abjkey1',
    versionId: 'abjv1',
    outcome: 'failed' as const,
    error: new GuardError('PERMISSION_DENIED', 'no access'),
  };
  const summary = { cancelled: 0, pending: 0, alreadyActive: 0, failed: 1, approved: 0, wouldCancel: 0 };
  const doc = JSON.parse(renderCancel(report(), { results: [failed], summary }, false, 'json', NOW)) as { results: unknown[] };
  assert.deepEqual(doc.results, [
    {
      keyId: 'abjkey1',
      versionId: 'abjv1',
      outcome: 'failed',
      destroyAt: '2026-03-01T05:30:00Z',
      hoursLeft: 5.5,
      folderId: 'b1gfolderA',
      error: { code: 'PERMISSION_DENIED', message: 'no access' },
    },
  ]);
});

test('nothing in functions/ or shared/ imports cli/: the function bundles stay as they are', () => {
  const sources = ['functions', 'shared'].flatMap((dir) =>
    readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(dir, file)),
  );
  assert.ok(sources.length > 20);
  const importers = sources.filter((file) => /(from |import |import\()'(\.\.\/)+cli\//.test(readFileSync(path.join(ROOT, file), 'utf8')));
  assert.deepEqual(importers, []);
});
