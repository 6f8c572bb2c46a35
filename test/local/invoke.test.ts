import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const invoke = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/invoke.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, KMS_ENDPOINT: '', YC_IAM_TOKEN: '', KMS_KEY_IDS: '', LOG_LEVEL: 'ERROR' },
  });

test('npm run invoke runs a bundle with a sample event against the embedded emulator', () => {
  const run = invoke('list-versions', 'test/events/timer.json');
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { keysScanned: number; scheduled: unknown[]; complete: boolean };
  assert.equal(report.keysScanned, 3);
  assert.equal(report.scheduled.length, 4);
  assert.equal(report.complete, true);
});

test('npm run invoke says how to call it, without a stack trace, when the arguments are wrong', () => {
  for (const args of [[], ['no-such-function', 'test/events/timer.json'], ['list-versions', 'no-such-event.json']]) {
    const run = invoke(...args);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /usage: npm run invoke -- <function> <event.json>/);
    assert.ok(!run.stderr.includes('    at '));
  }
});

test('a failing invocation exits 1 with the code name', () => {
  const run = invoke('list-versions', 'test/events/queue-batch.json');
  assert.equal(run.status, 1);
  assert.match(run.stderr, /invocation failed: INVALID_ARGUMENT: list-versions does not accept a Message Queue trigger/);
});
