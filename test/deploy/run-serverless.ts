import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The same file `npx serverless` runs, started directly: npx would only add npm's start-up time.
const SERVERLESS_BIN = path.join(ROOT, 'node_modules', 'serverless', 'bin', 'serverless.js');
const BLOCK_NETWORK = path.join(ROOT, 'test', 'deploy', 'block-network.cjs');
const TIME_LIMIT_MS = 30_000;

/** Stand-ins the plugin needs to start (it reads them in its constructor); nothing ever sends them. */
export const PLACEHOLDER_TOKEN = 't1.placeholder-token-for-the-deploy-config-test';

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Connections and name lookups the process tried (block-network.cjs refused each). */
  networkAttempts: string[];
}

/**
 * Runs `serverless <args>` on `serverlessYaml` in a throw-away service directory (the framework and
 * its plugin may write there and under HOME; the repository stays as it was). node_modules and dist
 * are links to the project's, so artifact paths resolve as they do in a real deploy. `shellEnv` plays
 * the deployer's shell, which `${env:...}` reads.
 */
export async function runServerless(serverlessYaml: string, args: string[], shellEnv: Record<string, string> = {}): Promise<ProcessRun> {
  const serviceDir = await mkdtemp(path.join(os.tmpdir(), 'kms-guard-sls-'));
  try {
    await writeFile(path.join(serviceDir, 'serverless.yaml'), serverlessYaml);
    await symlink(path.join(ROOT, 'node_modules'), path.join(serviceDir, 'node_modules'), 'dir');
    await symlink(path.join(ROOT, 'dist'), path.join(serviceDir, 'dist'), 'dir');
    return await runNode([SERVERLESS_BIN, ...args], serviceDir, {
      HOME: serviceDir, // the framework caches its schema validators under ~/.serverless
      CI: 'true', // never prompt
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      YC_IAM_TOKEN: PLACEHOLDER_TOKEN,
      YC_CLOUD_ID: 'b1gplaceholdercloud0',
      YC_FOLDER_ID: 'b1gplaceholderfolder',
      ...shellEnv,
    });
  } finally {
    await rm(serviceDir, { recursive: true, force: true });
  }
}

/**
 * Runs node with only the environment given (plus PATH): nothing of the caller's, such as cloud
 * credentials or KMS settings, leaks in. Killed after 30 s so a hang fails the test instead of stalling it.
 */
export async function runNode(args: string[], cwd: string, env: Record<string, string>): Promise<ProcessRun> {
  const networkLog = path.join(cwd, '.network-attempts.log');
  await writeFile(networkLog, '');
  const result = await new Promise<Omit<ProcessRun, 'networkAttempts'>>((resolve) => {
    execFile(
      process.execPath,
      args,
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? '',
          NO_COLOR: '1',
          NODE_OPTIONS: `--require ${JSON.stringify(BLOCK_NETWORK)}`,
          BLOCK_NETWORK_LOG: networkLog,
          ...env,
        },
        timeout: TIME_LIMIT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr: error?.killed ? `${stderr}\n(killed after ${TIME_LIMIT_MS} ms)` : stderr });
      },
    );
  });
  const networkAttempts = (await readFile(networkLog, 'utf8')).split('\n').filter(Boolean);
  return { ...result, networkAttempts };
}

export function readServerlessYaml(): Promise<string> {
  return readFile(path.join(ROOT, 'serverless.yaml'), 'utf8');
}
