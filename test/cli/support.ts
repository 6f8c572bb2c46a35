// Runs the command line as a user would: a child process with a clean environment (no variable of the
// developer's or of the test runner's leaks in), against an emulator on loopback. A run under `script`
// (util-linux) gets a pseudo-terminal for stdin, stdout and stderr.
//
// Most runs start a bundle of cli/main.ts that esbuild builds once per test file from the same source:
// tsx transpiles the program's modules at every start (a second or so per process), which twenty runs
// would add to npm test. The tsx entry itself (`npm run guard`) and the bin run in token-and-bin.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Emulator } from '../../local/emulator/index.ts';
import { ROOT } from '../support/child-process.ts';
import { TEST_TOKEN } from '../support/kms.ts';

export const MAIN = 'cli/main.ts';
export const BIN = 'bin/kms-version-guard.js';
const SCRIPT = '/usr/bin/script';

let bundled: Promise<string> | undefined;

/** The path of cli/main.ts bundled (built on first use, in a temp directory removed at exit). */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kms-guard-cli-bundle-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const outfile = path.join(dir, 'main.mjs');
    await build({
      entryPoints: [path.join(ROOT, MAIN)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
      // The CommonJS packages inside (cli-table3) may require Node's modules.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    return outfile;
  })();
  return bundled;
}

/** How to start `entry`: the bundle as it is, a .ts file through tsx, the bin as it is. */
function nodeArgs(entry: string): string[] {
  return entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry];
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A directory for PATH that holds no `yc` (or, after fakeYc, a fake one); removed by the caller. */
export function emptyPathDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kms-guard-cli-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A `yc` in `dir` that prints `stdout` and exits with `status`, recording its arguments in dir/yc-args. */
export function fakeYc(dir: string, { stdout = '', stderr = '', status = 0 }: { stdout?: string; stderr?: string; status?: number }): void {
  const file = path.join(dir, 'yc');
  writeFileSync(file, `#!/bin/sh\necho "$@" > '${dir}/yc-args'\nprintf '%s' '${stdout}'\nprintf '%s' '${stderr}' >&2\nexit ${status}\n`);
  chmodSync(file, 0o755);
}

/** Only what a command needs: PATH (a directory without yc unless given), the token unless told otherwise. */
export function cliEnv(pathDir: string, vars: Record<string, string> = {}): Record<string, string> {
  return { PATH: pathDir, YC_IAM_TOKEN: TEST_TOKEN, ...vars };
}

/** The command (the bundle unless `entry` says otherwise), stdin empty and not a terminal, stdout and stderr captured. */
export async function runCli(args: string[], env: Record<string, string>, entry?: string): Promise<CliRun> {
  const start = nodeArgs(entry ?? (await cliBundle()));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...start, ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (status) => resolve(checked({ status, stdout, stderr })));
  });
}

export function hasScript(): boolean {
  return existsSync(SCRIPT);
}

export const NEEDS_SCRIPT = `these tests need ${SCRIPT} (util-linux; Debian's bsdutils) for a pseudo-terminal`;

/**
 * The command on a pseudo-terminal: `script -qec` runs it with stdin, stdout and stderr on one pty and
 * copies what the pty shows to its own stdout (stdout and stderr together, lines ending in \r\n), exiting
 * with the command's status. `answer`, when given, is typed once `prompt` has appeared.
 */
export async function runInTerminal(
  args: string[],
  env: Record<string, string>,
  typing?: { prompt: string; answer: string },
): Promise<{ status: number | null; screen: string }> {
  assert.ok(hasScript(), NEEDS_SCRIPT);
  const command = [process.execPath, ...nodeArgs(await cliBundle()), ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env: { SHELL: '/bin/sh', TERM: 'xterm', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30_000,
    });
    let screen = '';
    let typed = false;
    child.stdout.on('data', (chunk) => {
      screen += chunk;
      if (typing && !typed && screen.includes(typing.prompt)) {
        typed = true;
        child.stdin.write(typing.answer);
      }
    });
    child.stderr.on('data', (chunk) => (screen += chunk));
    child.once('error', reject);
    child.once('close', (status) => {
      assert.ok(!screen.includes(TEST_TOKEN), 'the token never appears on the terminal');
      resolve({ status, screen });
    });
  });
}

function shellQuote(word: string): string {
  return /^[-\w./:=,@]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Every run: the token never appears, and nothing ends in a stack trace. */
function checked(run: CliRun): CliRun {
  assert.ok(!run.stdout.includes(TEST_TOKEN) && !run.stderr.includes(TEST_TOKEN), 'the token never appears in any output');
  assert.ok(!/\n\s+at /.test(run.stderr), `no stack trace:\n${run.stderr}`);
  return run;
}

/** How many KMS cancel requests reached the emulator. */
export function cancelsSent(kms: Emulator): number {
  return kms.requests.filter((entry) => entry.route === 'cancelVersionDestruction').length;
}

/** A CSV document as rows of named fields (the CLI's cells hold no quotes or commas in these tests). */
export function csvRecords(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [names[index]!, cell])));
}
