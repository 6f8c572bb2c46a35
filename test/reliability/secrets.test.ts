import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 't1.SECRET-TOKEN-do-not-leak-4242';

test('the IAM token never appears in a log line, an error, a response or a report', () => {
  // A child process, so that everything the bundles write to stdout and stderr is seen, not just JSON.
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/reliability/secret-scenarios.ts')], {
    cwd: ROOT,
    env: { ...process.env, SECRET_UNDER_TEST: SECRET, YC_IAM_TOKEN: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${child.stdout}\n${child.stderr}`;
  assert.equal(child.status, 0, output.slice(-2000));
  const lines = child.stdout.split('\n').filter((l) => l.startsWith('{'));
  const scenarios = lines.map((l) => JSON.parse(l)).filter((r) => r.scenario);
  assert.equal(scenarios.at(-1)?.scenario, 'done', 'every scenario ran');
  assert.equal(scenarios.length, 16);

  // The paths really were taken: successes, KMS and network errors, validation, hand-offs, a thrown sweep.
  const answer = (name: string) => scenarios.find((s) => s.scenario === name);
  assert.equal(answer('list: success').answer.statusCode, 200);
  assert.equal(answer('list: KMS error').answer.statusCode, 404);
  assert.equal(answer('list: token KMS refuses').answer.statusCode, 401);
  assert.equal(answer('list: network error').answer.statusCode, 503);
  assert.equal(answer('list: validation error').answer.statusCode, 400);
  assert.equal(answer('cancel: success').answer.statusCode, 200);
  assert.ok(answer('list: report sweep chained to cancel').answer.scheduled.length > 0);
  assert.match(answer('list: chained hand-off failing').thrown.message, /hand-off/);
  assert.match(answer('cancel: guard sweep with a failure').thrown.message, /^ABORTED/);
  assert.equal(answer('cancel: no token at all').answer.results[0].error.code, 16);
  assert.ok(
    lines.some((l) => l.includes('"level":"TRACE"') || l.includes('"level":"DEBUG"') || l.includes('"level":"INFO"')),
    'logs were written',
  );

  assert.ok(
    !output.includes(SECRET),
    `the token leaked:\n${output
      .split('\n')
      .filter((l) => l.includes(SECRET))
      .join('\n')
      .slice(0, 1000)}`,
  );
  assert.ok(!output.includes('    at '), 'no stack frames in any output');
});
