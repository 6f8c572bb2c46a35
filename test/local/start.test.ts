import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runScript, startRecordingServer } from '../support/child-process.ts';

interface MetricsBody {
  metrics: Array<{ name: string; value?: number; labels?: Record<string, string> }>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Waits up to 10 s for what the demo's output should come to show. */
async function waitFor(shown: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!shown() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

test('npm start serves the demo: the printed curl lines work, the real-time guard cancels a scheduled destruction, restores deletion protection and pages a deletion, writes its figures where the banner says, Ctrl-C stops it', async () => {
  // --no-build: npm test has built dist/ already, and other test files read it while this runs.
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--no-build'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      KMS_ENDPOINT: '',
      YC_IAM_TOKEN: '',
      KMS_KEY_IDS: '',
      TIMER_INTERVAL: '',
      AUDIT_TRIGGER: '',
      AUDIT_BATCH_SIZE: '5',
      AUDIT_BATCH_CUTOFF_MS: '0',
      ENFORCE_DELETION_PROTECTION: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 30_000;
    while (!output.includes('Ctrl+C stops.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const curl = output.match(/curl '(http:\/\/127\.0\.0\.1:\d+\/keys\/\w+\/versions)'/);
    assert.ok(curl, `no curl line printed:\n${output}`);
    const answer = await fetch(curl[1]!);
    assert.equal(answer.status, 200);
    const body = (await answer.json()) as { keyVersions: Array<{ status: string }> };
    assert.ok(body.keyVersions.length > 0);
    assert.ok(
      body.keyVersions.some((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION'),
      'the demo has versions scheduled for destruction',
    );
    // The printed schedule line, as a person would run it: the guard cancels it and names who scheduled it.
    const schedule = output.match(
      /curl -X POST '(http:\/\/127\.0\.0\.1:\d+\/kms\/v1\/keys\/(\w+):scheduleVersionDestruction)' .*-d '(\{[^']+\})'/,
    );
    assert.ok(schedule, `no schedule line printed:\n${output}`);
    const scheduled = await fetch(schedule[1]!, {
      method: 'POST',
      headers: { Authorization: 'Bearer local-demo-token', 'Content-Type': 'application/json' },
      body: schedule[3],
    });
    assert.equal(scheduled.status, 200);
    const { versionId } = JSON.parse(schedule[3]!) as { versionId: string };
    const guarded = Date.now() + 10_000;
    while (!/destruction scheduled by demo-user: cancelled/.test(output) && Date.now() < guarded)
      await new Promise((r) => setTimeout(r, 50));
    assert.match(output, /key version destruction scheduled by demo-user: cancelled/);
    const versions = (await (await fetch(`${curl[1]}?status=ACTIVE`)).json()) as { keyVersions: Array<{ id: string }> };
    assert.ok(
      versions.keyVersions.some((v) => v.id === versionId),
      `${versionId} is active again`,
    );
    // The trigger runs with the batch settings asked for, and the batch's figures reach the printed place.
    assert.match(output, /logging trigger -> cancel-version-destruction: batches of up to 5, cutoff 0ms/);
    const metricsUrl = output.match(/curl '(http:\/\/127\.0\.0\.1:\d+\/_emulator\/metrics)'/);
    assert.ok(metricsUrl, `no metrics line printed:\n${output}`);
    const { writes } = (await (await fetch(metricsUrl[1]!)).json()) as { writes: Array<{ body: MetricsBody }> };
    const cancelled = writes
      .flatMap((write) => write.body.metrics)
      .filter((m) => m.name === 'kms_guard_cancelled' && m.labels?.trigger === 'logging' && m.value === 1);
    assert.equal(cancelled.length, 1, `one logging batch wrote kms_guard_cancelled 1:\n${JSON.stringify(writes)}`);

    // The key deletion defense: the printed PATCH turns protection off, the guard turns it on again and names who.
    const patch = output.match(/curl -X PATCH '(http:\/\/127\.0\.0\.1:\d+\/kms\/v1\/keys\/(\w+))' .*-d '(\{[^']+\})'/);
    assert.ok(patch, `no PATCH line printed:\n${output}`);
    const demo = { Authorization: 'Bearer local-demo-token', 'Content-Type': 'application/json' };
    assert.equal((await fetch(patch[1]!, { method: 'PATCH', headers: demo, body: patch[3] })).status, 200);
    await waitFor(() => /deletion protection of key \w+ turned off by demo-user: protected/.test(output));
    const key = (await (await fetch(patch[1]!, { headers: demo })).json()) as { deletionProtection?: boolean };
    assert.equal(key.deletionProtection, true, 'protected again');
    // The printed DELETE: the guard pages with who and until when support can restore the key; the restore line brings it back.
    const deletion = output.match(/curl -X DELETE '(http:\/\/127\.0\.0\.1:\d+\/kms\/v1\/keys\/(\w+))'/);
    assert.ok(deletion, `no DELETE line printed:\n${output}`);
    assert.equal((await fetch(deletion[1]!, { method: 'DELETE', headers: demo })).status, 200);
    await waitFor(() => /deleted by demo-user: .*support can restore the key until \d{4}-/.test(output));
    assert.equal((await fetch(deletion[1]!, { headers: demo })).status, 404, 'gone from the API');
    const restore = output.match(/curl -X POST '(http:\/\/127\.0\.0\.1:\d+\/_emulator\/restore)' -d '(\{[^']+\})'/);
    assert.ok(restore, `no restore line printed:\n${output}`);
    assert.equal((await fetch(restore[1]!, { method: 'POST', body: restore[2] })).status, 200);
    assert.equal((await fetch(deletion[1]!, { headers: demo })).status, 200, 'restored');
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0);
  assert.match(output, /stopped/);
});

test('npm start with KMS_ENDPOINT but no YC_IAM_TOKEN refuses and says what to set, instead of starting the emulator', async (t) => {
  const kms = await startRecordingServer();
  t.after(() => kms.close());
  // Unset and empty alike (an undefined value leaves the variable out of the child's environment).
  for (const token of [undefined, '']) {
    const env: NodeJS.ProcessEnv = { PORT: '0', KMS_ENDPOINT: kms.url, YC_IAM_TOKEN: token, TIMER_INTERVAL: '' };
    const run = await runScript('local/start.ts', ['--no-build'], env);
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /^npm start: KMS_ENDPOINT is set but YC_IAM_TOKEN is not: set YC_IAM_TOKEN=\$\(yc iam create-token\)/);
    assert.ok(!run.stderr.includes('    at '), run.stderr);
    assert.ok(!run.stdout.includes('is running'), 'nothing was started');
  }
  assert.equal(kms.requests(), 0);
});

test('npm start with AUDIT_TRIGGER=off runs no logging trigger and says the real-time guard is off; a bad AUDIT_ setting is refused by name', async (t) => {
  const off = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts', '--no-build'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', KMS_ENDPOINT: '', YC_IAM_TOKEN: '', TIMER_INTERVAL: '', AUDIT_TRIGGER: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => off.kill('SIGINT'));
  let output = '';
  off.stdout.on('data', (chunk) => (output += chunk));
  off.stderr.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (!output.includes('Ctrl+C stops.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.match(output, /AUDIT_TRIGGER=off: the real-time guard is off/);
  assert.doesNotMatch(output, /logging trigger ->/);

  for (const [name, value, rule] of [
    ['AUDIT_TRIGGER', 'maybe', /AUDIT_TRIGGER must be on or off/],
    ['AUDIT_BATCH_SIZE', '0', /AUDIT_BATCH_SIZE/],
    ['AUDIT_BATCH_CUTOFF_MS', '60001', /AUDIT_BATCH_CUTOFF_MS/],
  ] as const) {
    const run = await runScript('local/start.ts', ['--no-build'], { PORT: '0', KMS_ENDPOINT: '', TIMER_INTERVAL: '', [name]: value });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stderr, new RegExp(`^npm start: ${rule.source}`));
    assert.ok(!run.stdout.includes('is running'), 'nothing was started');
  }
});
