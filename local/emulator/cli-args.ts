// The command line of `npm run emulator`, parsed into options (kept apart from cli.ts so it can be tested).
import type { CancelRefusal } from './types.ts';

export interface CliOptions {
  port: number;
  host: string;
  seedFile?: string;
  tokens: string[];
  operationPolls?: number;
  cancelRefusal?: CancelRefusal;
  faultSeed?: number;
  help: boolean;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const USAGE = `Usage: npm run emulator -- [options]
  --port <n>                 port to listen on (default 4000; 0 picks a free one)
  --host <address>           address to listen on (default 127.0.0.1)
  --seed <file>              JSON seed file with keys and versions (default: a generated demo seed)
  --token <token>            accept only this Bearer token (repeat for more; default: any non-empty token)
  --operation-polls <n>      GET /operations/{id} polls before an operation is done (default 0)
  --cancel-refusal <mode>    sync (HTTP 400 at once, default) or operation (an Operation ending in error)
  --fault-seed <n>           seed of the random draws of probabilistic faults
  -h, --help                 show this help`;

const VALUE_FLAGS = new Set(['--port', '--host', '--seed', '--token', '--operation-polls', '--cancel-refusal', '--fault-seed']);

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = { port: 4000, host: '127.0.0.1', tokens: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') {
      options.help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) throw new CliUsageError(arg.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${arg}"`);
    let value: string | undefined;
    if (flag !== arg) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new CliUsageError(`${flag} needs a value`);
      i++;
    }
    applyFlag(options, flag, value);
  }
  return options;
}

function applyFlag(options: CliOptions, flag: string, value: string): void {
  switch (flag) {
    case '--port':
      options.port = integer(flag, value, 0, 65535);
      break;
    case '--host':
      if (value === '') throw new CliUsageError('--host needs an address');
      options.host = value;
      break;
    case '--seed':
      if (value === '') throw new CliUsageError('--seed needs a file name');
      options.seedFile = value;
      break;
    case '--token':
      if (value.trim() === '') throw new CliUsageError('--token must not be empty');
      options.tokens.push(value);
      break;
    case '--operation-polls':
      options.operationPolls = integer(flag, value, 0, 1_000_000);
      break;
    case '--cancel-refusal':
      if (value !== 'sync' && value !== 'operation')
        throw new CliUsageError(`--cancel-refusal must be "sync" or "operation", got "${value}"`);
      options.cancelRefusal = value;
      break;
    case '--fault-seed':
      options.faultSeed = integer(flag, value, 0, 2 ** 32 - 1);
      break;
  }
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliUsageError(`${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}
