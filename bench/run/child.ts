// Runs one fresh `node` process and collects the result line it prints.
import { spawn } from 'node:child_process';

/** A probe prints exactly one line starting with this, followed by its JSON result. */
export const RESULT_MARKER = 'BENCH_RESULT ';

interface ChildRun<T> {
  result: T;
  /** Spawn to exit, as the parent saw it: node's own start-up included. */
  wallMs: number;
}

interface ChildOptions {
  args: string[];
  env: NodeJS.ProcessEnv;
  /** A stuck child must not hang the bench. */
  timeoutMs?: number;
}

export async function runChild<T>(options: ChildOptions): Promise<ChildRun<T>> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, options.args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  }).finally(() => clearTimeout(timer));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const line = stdout.split('\n').find((text) => text.startsWith(RESULT_MARKER));
  if (exitCode !== 0 || !line) {
    const output = (stderr + stdout).trim().slice(-2_000);
    throw new Error(`bench child ${options.args.join(' ').slice(0, 200)} failed (exit ${exitCode}): ${output}`);
  }
  return { result: JSON.parse(line.slice(RESULT_MARKER.length)) as T, wallMs };
}
