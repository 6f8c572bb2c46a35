// The IAM token of a command-line run: YC_IAM_TOKEN, else `yc iam create-token` when the yc CLI is on
// PATH. The token itself is never part of a message: a failure of yc is named by its first line of
// output, which the caller still scrubs like everything else it prints.
import { execFile } from 'node:child_process';

export class TokenError extends Error {
  override name = 'TokenError';
}

/** Long enough for yc to refresh its own credentials, short enough not to hang a CI job. */
const YC_TIMEOUT_MS = 30_000;

const HOW_TO =
  'set YC_IAM_TOKEN (e.g. export YC_IAM_TOKEN=$(yc iam create-token)), or install and configure the yc CLI so that `yc iam create-token` works';

export async function resolveToken(env: NodeJS.ProcessEnv): Promise<{ token: string; source: 'YC_IAM_TOKEN' | 'yc' }> {
  const fromEnv = env.YC_IAM_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'YC_IAM_TOKEN' };
  const token = await tokenFromYc(env);
  return { token, source: 'yc' };
}

function tokenFromYc(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('yc', ['iam', 'create-token'], { env, timeout: YC_TIMEOUT_MS, windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const { code, killed } = error as NodeJS.ErrnoException & { killed?: boolean };
        if (code === 'ENOENT') reject(new TokenError(`no IAM token: YC_IAM_TOKEN is not set and yc is not on PATH; ${HOW_TO}`));
        else if (killed)
          reject(new TokenError(`no IAM token: \`yc iam create-token\` did not answer within ${YC_TIMEOUT_MS / 1000} s; ${HOW_TO}`));
        else reject(new TokenError(`no IAM token: \`yc iam create-token\` failed${firstLine(String(stderr))}; ${HOW_TO}`));
        return;
      }
      const token = String(stdout).trim();
      if (token === '' || /\s/.test(token)) {
        reject(new TokenError(`no IAM token: \`yc iam create-token\` printed no token; ${HOW_TO}`));
        return;
      }
      resolve(token);
    });
  });
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0]?.trim();
  return line ? ` (${line.slice(0, 200)})` : '';
}
