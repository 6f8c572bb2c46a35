// The command line: its argument parser, and the program as a user runs it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CliUsageError, parseCliArgs } from '../../local/emulator/cli-args.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('parseCliArgs', () => {
  test('defaults: port 4000 on 127.0.0.1, no seed file, any token', () => {
    assert.deepEqual(parseCliArgs([]), { port: 4000, host: '127.0.0.1', tokens: [], help: false });
  });

  test('reads every flag, in both --flag value and --flag=value forms; --token repeats', () => {
    const options = parseCliArgs([
      '--port',
      '0',
      '--host=0.0.0.0',
      '--seed',
      'seed.json',
      '--token',
      'A',
      '--token=B',
      '--operation-polls',
      '2',
      '--cancel-refusal=operation',
      '--fault-seed',
      '7',
    ]);
    assert.deepEqual(options, {
      port: 0,
      host: '0.0.0.0',
      seedFile: 'seed.json',
      tokens: ['A', 'B'],
      operationPolls: 2,
      cancelRefusal: 'operation',
      faultSeed: 7,
      help: false,
    });
  });

  test('--subject maps tokens to subjects, id alone or with name and type', () => {
    const options = parseCliArgs([
      '--subject',
      'tok-a=ajealice0000000001:alice:FEDERATED_USER_ACCOUNT',
      '--subject=tok-b=ajerobot0000000001',
    ]);
    assert.deepEqual(options.subjects, {
      'tok-a': { id: 'ajealice0000000001', name: 'alice', type: 'FEDERATED_USER_ACCOUNT' },
      'tok-b': { id: 'ajerobot0000000001', type: 'SERVICE_ACCOUNT' },
    });
  });

  test('--help and -h ask for the usage', () => {
    assert.equal(parseCliArgs(['-h']).help, true);
    assert.equal(parseCliArgs(['--help']).help, true);
  });

  const bad: Array<[string[], RegExp]> = [
    [['--prot', '4000'], /unknown option --prot/],
    [['4000'], /unexpected argument "4000"/],
    [['--port'], /--port needs a value/],
    [['--port', '--seed', 'x'], /--port needs a value/],
    [['--port', 'http'], /--port must be an integer from 0 to 65535/],
    [['--port', '70000'], /--port must be an integer/],
    [['--operation-polls', '-1'], /--operation-polls/],
    [['--cancel-refusal', 'later'], /--cancel-refusal must be "sync" or "operation"/],
    [['--token', ''], /--token must not be empty/],
    [['--help=yes'], /--help takes no value/],
    [['--subject', 'no-equals-sign'], /--subject #1 must look like token=id/],
    [['--subject', 'a=ajea', '--subject', 'b=has space'], /--subject #2 id/],
    [['--subject', 'a=ajea:alice:ROBOT'], /--subject #1 type: must be one of SERVICE_ACCOUNT/],
  ];
  for (const [argv, message] of bad) {
    test(`refuses ${argv.join(' ')}`, () => {
      assert.throws(
        () => parseCliArgs(argv),
        (error: unknown) => error instanceof CliUsageError && message.test(error.message),
      );
    });
  }
});

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/emulator/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

// Each test runs its own process: run them side by side.
describe('the emulator command', { concurrency: true }, () => {
  test('a bad flag prints a clear message and exits with code 2, without a stack trace', async () => {
    const run = runCli(['--port', 'abc']);
    assert.equal(await run.exited, 2);
    const { stderr } = run.output();
    assert.match(stderr, /--port must be an integer/);
    assert.match(stderr, /Usage:/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  test('a bad seed file names the file and the field, exit code 2', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-emulator-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'seed.json');
    writeFileSync(file, JSON.stringify({ keys: [{ id: 'k1', versions: [{ id: 'v1', status: 'NEW' }] }] }));
    const run = runCli(['--seed', file, '--port', '0']);
    assert.equal(await run.exited, 2);
    assert.match(run.output().stderr, /seed\.json: keys\[0\]\.versions\[0\]\.status/);
    assert.doesNotMatch(run.output().stderr, /\n\s+at /);
  });

  test('starts, prints its URL and a hint, serves the demo seed, and stops on SIGTERM', async () => {
    const run = runCli([
      '--port',
      '0',
      '--token',
      'cli-token',
      '--operation-polls',
      '2',
      '--subject',
      'cli-token=ajecli00000000000001:cli',
    ]);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${JSON.stringify(run.output())}`)), 10_000);
      run.child.stdout.on('data', () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Ctrl\+C/.exec(run.output().stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    try {
      assert.match(run.output().stdout, /KMS_ENDPOINT/);
      const state = (await (await fetch(`${url}/_emulator/state`)).json()) as { config: unknown; keys: unknown[] };
      assert.deepEqual(state.config, { operationPolls: 2, cancelRefusal: 'sync' });
      assert.ok(state.keys.length > 0, 'a demo seed is served');
      const refused = await fetch(`${url}/kms/v1/keys?folderId=b1gemulatorfolder001`, { headers: { authorization: 'Bearer other' } });
      assert.equal(refused.status, 401);
      const listed = await fetch(`${url}/kms/v1/keys?folderId=b1gemulatorfolder001`, { headers: { authorization: 'Bearer cli-token' } });
      assert.equal(listed.status, 200);
      const subjects = (await (await fetch(`${url}/_emulator/subjects`)).json()) as { subjects: Array<{ id: string; name: string }> };
      assert.deepEqual(
        subjects.subjects.map((s) => [s.id, s.name]),
        [['ajecli00000000000001', 'cli']],
        '--subject reached the emulator',
      );
    } finally {
      run.child.kill('SIGTERM');
    }
    assert.equal(await run.exited, 0);
  });
});
