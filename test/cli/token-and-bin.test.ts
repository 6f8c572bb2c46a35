// Where the command's IAM token comes from (YC_IAM_TOKEN, else `yc iam create-token`, else a clear
// refusal), and the package's bin: the launcher a clone gets with `npm install` (npx, npm link).
import assert from 'node:assert/strict';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Emulator } from '../../local/emulator/index.ts';
import { ROOT } from '../support/child-process.ts';
import { startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';
import { BIN, emptyPathDir, fakeYc, MAIN, runCli } from './support.ts';

const KEY = 'abjclitoken00000001';

describe('the IAM token', () => {
  let kms: Emulator;
  let dir: ReturnType<typeof emptyPathDir>;
  const scanKey = (env: Record<string, string>, entry?: string) => runCli(['scan', '--key', KEY, '--endpoint', kms.url], env, entry);

  before(async () => {
    // The emulator accepts TEST_TOKEN alone: a scan that succeeds sent exactly that token.
    kms = await startKms({ seed: { keys: [keyWith(KEY, { deletionProtection: true, scheduled: 1 })] } });
  });
  beforeEach(() => {
    dir = emptyPathDir();
    kms.clearRequests();
  });
  after(async () => {
    dir?.remove();
    await kms.close();
  });

  test('with neither YC_IAM_TOKEN nor yc on PATH, it says how to provide one, exits 1 and sends nothing', async () => {
    const run = await scanKey({ PATH: dir.dir });
    dir.remove();
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^kms-version-guard: no IAM token: YC_IAM_TOKEN is not set and yc is not on PATH; set YC_IAM_TOKEN \(e\.g\. export YC_IAM_TOKEN=\$\(yc iam create-token\)\)/,
    );
    assert.equal(kms.requests.length, 0);
  });

  test('without YC_IAM_TOKEN, the output of `yc iam create-token` (trimmed) is used, and never printed', async () => {
    fakeYc(dir.dir, { stdout: `${TEST_TOKEN}\n` });
    // Through the TypeScript entry as `npm run guard` starts it (tsx), not the tests' bundle.
    const run = await scanKey({ PATH: dir.dir }, MAIN);
    const args = readFileSync(path.join(dir.dir, 'yc-args'), 'utf8');
    dir.remove();
    assert.equal(run.status, 3, run.stderr);
    assert.equal(args.trim(), 'iam create-token');
    assert.deepEqual(
      (JSON.parse(run.stdout) as { scheduled: Array<{ versionId: string }> }).scheduled.map((entry) => entry.versionId),
      [`${KEY}s1`],
    );
    assert.ok(kms.requests.length > 0 && kms.requests.every((request) => request.authorized), 'every request carried the token');
  });

  test('YC_IAM_TOKEN comes first; a yc that fails is named with its first line of output, without a stack trace', async () => {
    fakeYc(dir.dir, { stderr: 'ERROR: profile "default" has no credentials\nmore detail', status: 1 });
    // The second run goes through the package's bin: a whole scan over HTTP by the launcher.
    const [failing, fromEnv] = await Promise.all([scanKey({ PATH: dir.dir }), scanKey({ PATH: dir.dir, YC_IAM_TOKEN: TEST_TOKEN }, BIN)]);
    dir.remove();
    assert.equal(failing.status, 1);
    assert.match(
      failing.stderr,
      /^kms-version-guard: no IAM token: `yc iam create-token` failed \(ERROR: profile "default" has no credentials\); set YC_IAM_TOKEN/,
    );
    assert.equal(failing.stderr.trimEnd().split('\n').length, 1);
    assert.equal(fromEnv.status, 3, fromEnv.stderr);
    assert.equal((JSON.parse(fromEnv.stdout) as { scheduled: unknown[] }).scheduled.length, 1);
  });
});

describe('the bin', () => {
  test('package.json names an executable launcher, which runs the command', async () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    assert.deepEqual(pkg.bin, { 'kms-version-guard': BIN });
    assert.equal(pkg.scripts.guard, 'tsx cli/main.ts');
    accessSync(path.join(ROOT, BIN), constants.X_OK);
    assert.match(readFileSync(path.join(ROOT, BIN), 'utf8'), /^#!\/usr\/bin\/env node\n/);
    const dir = emptyPathDir();
    const run = await runCli(['--help'], { PATH: dir.dir }, BIN);
    dir.remove();
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Usage: kms-version-guard <command> \[options\]/);
    assert.match(run.stdout, /npm install/, 'the usage says the command needs the dev dependencies (tsx)');
  });
});
