// The command line on a terminal: run under `script` (util-linux), which gives it a pseudo-terminal, as a
// person at a shell would see it. The progress line, the default table, json without any terminal
// output, and the confirmation prompt answered "y" and "n".
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Emulator, SeedData } from '../../local/emulator/index.ts';
import { startKms } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';
import { cancelsSent, cliEnv, emptyPathDir, hasScript, NEEDS_SCRIPT, runInTerminal } from './support.ts';

const FOLDER = 'b1gcliterminal00001';
const KEY = 'abjcliterminal00001';
/** Carriage return, then "erase the whole line" (ANSI EL 2). */
const ERASE_LINE = '\r\x1b[2K';
const PROMPT = 'Cancel 2 destruction(s)? [y/N] ';

function seed(): SeedData {
  return { keys: [keyWith(KEY, { deletionProtection: true, folderId: FOLDER, active: 1, scheduled: 2 })] };
}

describe('on a terminal', () => {
  let kms: Emulator;
  const path = emptyPathDir();
  const env = () => cliEnv(path.dir);

  before(async () => {
    assert.ok(hasScript(), NEEDS_SCRIPT);
    kms = await startKms();
  });
  beforeEach(() => {
    kms.seed(seed());
    kms.clearRequests();
  });
  after(async () => {
    await kms.close();
    path.remove();
  });

  test('scan shows a progress line on stderr, clears it, then the table (the default on a terminal)', async () => {
    const { status, screen } = await runInTerminal(['scan', '--folder', FOLDER, '--endpoint', kms.url], env());
    assert.equal(status, 3, screen);
    // Each redraw erases the line first; the last erase leaves it empty before the table is written.
    assert.ok(screen.includes(`${ERASE_LINE}scanning… 0 clouds, 0 folders, 0 keys, 0 versions; 0 scheduled`), JSON.stringify(screen));
    const lastProgress = screen.lastIndexOf('scanning…');
    const cleared = screen.indexOf(ERASE_LINE, lastProgress);
    const table = screen.indexOf('Versions scheduled for destruction: 2');
    assert.ok(
      lastProgress >= 0 && cleared > lastProgress && table > cleared,
      `progress, cleared, then the table:\n${JSON.stringify(screen)}`,
    );
    assert.ok(screen.includes(`${KEY}s1`) && screen.includes(`${KEY}s2`));
  });

  test('json on a terminal: the JSON document alone, no progress line, no escape codes', async () => {
    const { status, screen } = await runInTerminal(['scan', '--folder', FOLDER, '--endpoint', kms.url, '--format', 'json'], env());
    assert.equal(status, 3, screen);
    assert.ok(!screen.includes('scanning') && !screen.includes('\x1b'), JSON.stringify(screen));
    // stdout and stderr share the terminal: all of it parses as the one report.
    const report = JSON.parse(screen.replaceAll('\r\n', '\n')) as { scheduled: Array<{ versionId: string }> };
    assert.deepEqual(
      report.scheduled.map((entry) => entry.versionId),
      [`${KEY}s1`, `${KEY}s2`],
    );
  });

  test('cancel asks first; "y" cancels: the versions are ACTIVE, exit 0', async () => {
    const { status, screen } = await runInTerminal(['cancel', '--folder', FOLDER, '--endpoint', kms.url], env(), {
      prompt: PROMPT,
      answer: 'y\n',
    });
    assert.equal(status, 0, screen);
    const asked = screen.indexOf(PROMPT);
    assert.ok(asked > screen.indexOf(`${KEY}s1 │ to cancel`), 'what will be cancelled is shown before the question');
    assert.match(screen.slice(asked), /Cancelled 2, already active 0, approved 0, pending 0, failed 0\./);
    assert.equal(kms.version(KEY, `${KEY}s1`)?.status, 'ACTIVE');
    assert.equal(kms.version(KEY, `${KEY}s2`)?.status, 'ACTIVE');
  });

  test('cancel answered "n" changes nothing: still scheduled, exit 3', async () => {
    const { status, screen } = await runInTerminal(['cancel', '--folder', FOLDER, '--endpoint', kms.url], env(), {
      prompt: PROMPT,
      answer: 'n\n',
    });
    assert.equal(status, 3, screen);
    assert.match(screen, /kms-version-guard: nothing cancelled/);
    assert.equal(cancelsSent(kms), 0);
    assert.equal(kms.version(KEY, `${KEY}s1`)?.status, 'SCHEDULED_FOR_DESTRUCTION');
  });
});
