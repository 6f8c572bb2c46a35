// The command line of `npm run emulator`, parsed with node:util parseArgs into options (kept apart from
// cli.ts so it can be tested).
import { parseArgs } from 'node:util';
import { integerRule, parseInteger } from '../../shared/validation/integer.ts';
import { checkSubjects, SUBJECT_TYPES, type Subject, SubjectError } from './subjects.ts';
import type { CancelRefusal } from './types.ts';

export interface CliOptions {
  port: number;
  host: string;
  seedFile?: string;
  tokens: string[];
  /** Who each token belongs to; present only when --subject was given. */
  subjects?: Record<string, Subject>;
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
  --port <n>                      port to listen on (default 4000; 0 picks a free one)
  --host <address>                address to listen on (default 127.0.0.1)
  --seed <file>                   JSON seed file with keys, versions, clouds and folders (default: the demo seed)
  --token <token>                 accept only this Bearer token (repeat for more; default: any non-empty token)
  --subject <token=id[:name[:type]]>
                                  who a token belongs to, for operations' createdBy and audit events
                                  (repeat for more); type is one of ${SUBJECT_TYPES.join(',\n                                  ')}
                                  (default SERVICE_ACCOUNT)
  --operation-polls <n>           GET /operations/{id} polls before an operation is done (default 0)
  --cancel-refusal <mode>         sync (HTTP 400 at once, default) or operation (an Operation ending in error)
  --fault-seed <n>                seed of the random draws of probabilistic faults
  -h, --help                      show this help`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  token: { type: 'string', multiple: true },
  subject: { type: 'string', multiple: true },
  'operation-polls': { type: 'string' },
  'cancel-refusal': { type: 'string' },
  'fault-seed': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const { values } = parseStrict(argv);
  const options: CliOptions = { port: 4000, host: '127.0.0.1', tokens: [], help: values.help ?? false };
  if (values.port !== undefined) options.port = integer('--port', values.port, 0, 65535);
  if (values.host !== undefined) {
    if (values.host === '') throw new CliUsageError('--host needs an address');
    options.host = values.host;
  }
  if (values.seed !== undefined) {
    if (values.seed === '') throw new CliUsageError('--seed needs a file name');
    options.seedFile = values.seed;
  }
  for (const token of values.token ?? []) {
    if (token.trim() === '') throw new CliUsageError('--token must not be empty');
    options.tokens.push(token);
  }
  if (values.subject !== undefined) options.subjects = subjects(values.subject);
  if (values['operation-polls'] !== undefined)
    options.operationPolls = integer('--operation-polls', values['operation-polls'], 0, 1_000_000);
  const refusal = values['cancel-refusal'];
  if (refusal !== undefined) {
    if (refusal !== 'sync' && refusal !== 'operation')
      throw new CliUsageError(`--cancel-refusal must be "sync" or "operation", got "${refusal}"`);
    options.cancelRefusal = refusal;
  }
  if (values['fault-seed'] !== undefined) options.faultSeed = integer('--fault-seed', values['fault-seed'], 0, 2 ** 32 - 1);
  return options;
}

/** parseArgs in strict mode, its errors turned into messages that name the flag and say what to do. */
function parseStrict(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new CliUsageError(`unknown option ${quoted}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new CliUsageError(`unexpected argument "${quoted}"`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /--[\w-]+/.exec(message)?.[0] ?? quoted;
      if (message.includes('does not take an argument')) throw new CliUsageError(`${flag} takes no value`);
      // A missing value, or one that looks like the next flag ("--port --seed x").
      throw new CliUsageError(`${flag} needs a value`);
    }
    throw new CliUsageError(message);
  }
}

/** "token=id[:name[:type]]" each; the token is never repeated in an error message. */
function subjects(specs: string[]): Record<string, Subject> {
  const map: Record<string, unknown> = {};
  specs.forEach((spec, index) => {
    const equals = spec.indexOf('=');
    if (equals < 1) throw new CliUsageError(`--subject #${index + 1} must look like token=id[:name[:type]]`);
    const [id, name, type, ...rest] = spec.slice(equals + 1).split(':');
    if (rest.length > 0) throw new CliUsageError(`--subject #${index + 1} has more than id, name and type after "="`);
    map[spec.slice(0, equals)] = { id, ...(name ? { name } : {}), ...(type ? { type } : {}) };
  });
  try {
    return checkSubjects(map);
  } catch (error) {
    if (error instanceof SubjectError) {
      // "subjects[1].id: ..." names the second --subject flag.
      const message = error.message.replace(/^subjects\[(\d+)\]\.?/, (_, index: string) => `--subject #${Number(index) + 1} `);
      throw new CliUsageError(message);
    }
    throw error;
  }
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = parseInteger(value, min, max);
  if (n === undefined) throw new CliUsageError(`${flag} ${integerRule(min, max)}, got "${value}"`);
  return n;
}
