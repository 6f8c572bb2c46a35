import assert from 'node:assert/strict';
import { test } from 'node:test';
import { records } from '../support/capture.ts';
import { runScript, startRecordingServer } from '../support/child-process.ts';

const LOCAL = { KMS_ENDPOINT: '', YC_IAM_TOKEN: '', KMS_KEY_IDS: '', LOG_LEVEL: 'ERROR' };
const invoke = (args: string[], env: NodeJS.ProcessEnv = {}) => runScript('scripts/invoke.ts', args, { ...LOCAL, ...env });

test('npm run invoke runs a bundle with a sample event against the embedded emulator', async () => {
  const run = await invoke(['list-versions', 'test/events/timer.json']);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { keysScanned: number; scheduled: unknown[]; complete: boolean };
  assert.equal(report.keysScanned, 3);
  assert.equal(report.scheduled.length, 4);
  assert.equal(report.complete, true);
});

test('the result alone goes to stdout, so it pipes into jq; the function log lines go to stderr', async () => {
  const run = await invoke(['list-versions', 'test/events/timer.json'], { LOG_LEVEL: 'INFO' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as { scheduled: unknown[] }).scheduled.length, 4, 'stdout is one JSON document');
  const logged = records(run.stderr.split('\n'));
  const warned = (msg: string) => logged.filter((record) => record.level === 'WARN' && String(record.msg).startsWith(msg));
  assert.equal(warned('key version scheduled for destruction').length, 4, `one WARN per scheduled version:\n${run.stderr}`);
  assert.deepEqual(
    warned('key without deletion protection').map((record) => record.keyName),
    ['scratch'],
    'one WARN per key without deletion protection',
  );
  assert.ok(
    logged.some((record) => record.level === 'INFO'),
    'the sweep summary',
  );
});

test('npm run invoke says how to call it, without a stack trace, when the arguments are wrong', async () => {
  for (const args of [[], ['no-such-function', 'test/events/timer.json'], ['list-versions', 'no-such-event.json']]) {
    const run = await invoke(args);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /usage: npm run invoke -- <function> <event.json>/);
    assert.ok(!run.stderr.includes('    at '));
  }
});

test('a failing invocation exits 1 with the code name', async () => {
  const run = await invoke(['list-versions', 'test/events/queue-batch.json']);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /invocation failed: INVALID_ARGUMENT: list-versions does not accept a Message Queue trigger/);
});

test('KMS_ENDPOINT without YC_IAM_TOKEN is refused before anything is sent there', async (t) => {
  const kms = await startRecordingServer();
  t.after(() => kms.close());
  const run = await invoke(['list-versions', 'test/events/timer.json'], { KMS_ENDPOINT: kms.url, KMS_KEY_IDS: 'abjpayments000000001' });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^invoke: KMS_ENDPOINT is set but YC_IAM_TOKEN is not: set YC_IAM_TOKEN=/);
  assert.ok(!run.stderr.includes('    at '), run.stderr);
  assert.equal(run.stdout, '');
  assert.equal(kms.requests(), 0, 'no request, so no demo token, reached that KMS');
});
