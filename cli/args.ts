// The command line of `kms-version-guard`, parsed with node:util parseArgs (built into Node, as the
// emulator's command line is) into plain options. What the values mean (IDs, endpoint, label) is checked
// later by the shared configuration rules, so the CLI and the functions accept exactly the same input.
import { parseArgs } from 'node:util';
import { isResourceId } from '../shared/validation/fields.ts';
import { integerRule, parseInteger } from '../shared/validation/integer.ts';

export const COMMANDS = ['scan', 'cancel'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const FORMATS = ['table', 'json', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export interface CommonOptions {
  keys: string[];
  folders: string[];
  clouds: string[];
  organization?: string;
  label?: string;
  endpoint?: string;
  /** Undefined: table when stdout is a terminal, json otherwise. */
  format?: Format;
  timeoutSeconds: number;
}

export interface CancelOptions extends CommonOptions {
  versions: string[];
  dryRun: boolean;
  yes: boolean;
}

export type ParsedCommand =
  | { command: 'help'; topic?: CommandName }
  | { command: 'scan'; options: CommonOptions }
  | { command: 'cancel'; options: CancelOptions };

/** Bad input on the command line: one line naming the flag; the command's usage hint follows it. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandName,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** How long a command may take by default: a scan of a large organization from a laptop is slow. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

const COMMON = {
  key: { type: 'string', multiple: true },
  folder: { type: 'string', multiple: true },
  cloud: { type: 'string', multiple: true },
  organization: { type: 'string' },
  label: { type: 'string' },
  endpoint: { type: 'string' },
  format: { type: 'string' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const CANCEL = {
  ...COMMON,
  version: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
} as const;

export function isCommand(name: string | undefined): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name ?? '');
}

export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') return { command: 'help' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { command: 'help' };
    if (!isCommand(topic)) throw new UsageError(`unknown command "${topic}" (commands: ${COMMANDS.join(', ')})`);
    return { command: 'help', topic };
  }
  if (!isCommand(first)) {
    const what = first.startsWith('-') ? `expected a command before ${first}` : `unknown command "${first}"`;
    throw new UsageError(`${what} (commands: ${COMMANDS.join(', ')})`);
  }
  if (first === 'scan') {
    const values = parseStrict(rest, COMMON, first);
    if (values.help) return { command: 'help', topic: first };
    return { command: first, options: common(values, first) };
  }
  const values = parseStrict(rest, CANCEL, first);
  if (values.help) return { command: 'help', topic: first };
  const options: CancelOptions = {
    ...common(values, first),
    versions: nonEmpty(values.version ?? [], '--version', first),
    dryRun: values['dry-run'] ?? false,
    yes: values.yes ?? false,
  };
  if (
    options.versions.length > 0 &&
    (options.keys.length !== 1 || options.folders.length + options.clouds.length > 0 || options.organization)
  ) {
    throw new UsageError('--version needs exactly one --key (and no --folder, --cloud or --organization)', first);
  }
  if (!options.versions.every(isResourceId)) throw new UsageError('--version must be IDs of 1 to 50 Latin letters or digits', first);
  return { command: first, options };
}

type Values = ReturnType<typeof parseArgs<{ options: typeof COMMON }>>['values'];

function common(values: Values, command: CommandName): CommonOptions {
  const options: CommonOptions = {
    // Repeatable and comma-separated alike: "--key a --key b" and "--key a,b" name the same keys.
    keys: nonEmpty(values.key ?? [], '--key', command),
    folders: nonEmpty(values.folder ?? [], '--folder', command),
    clouds: nonEmpty(values.cloud ?? [], '--cloud', command),
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
  };
  if (values.organization !== undefined) options.organization = required(values.organization, '--organization', command);
  if (values.label !== undefined) options.label = required(values.label, '--label', command);
  if (values.endpoint !== undefined) options.endpoint = required(values.endpoint, '--endpoint', command);
  if (values.format !== undefined) {
    const format = values.format;
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`, command);
    }
    options.format = format as Format;
  }
  if (values.timeout !== undefined) {
    const seconds = parseInteger(values.timeout, 1, 86_400);
    if (seconds === undefined) throw new UsageError(`--timeout (seconds) ${integerRule(1, 86_400)}, got "${values.timeout}"`, command);
    options.timeoutSeconds = seconds;
  }
  return options;
}

function nonEmpty(values: string[], flag: string, command: CommandName): string[] {
  const ids = values.flatMap((value) => value.split(',').map((id) => id.trim()));
  if (ids.some((id) => id === '')) throw new UsageError(`${flag} needs an ID (an empty one was given)`, command);
  return [...new Set(ids)];
}

function required(value: string, flag: string, command: CommandName): string {
  if (value.trim() === '') throw new UsageError(`${flag} needs a value`, command);
  return value.trim();
}

/** parseArgs in strict mode, its errors turned into one line that names the flag. */
function parseStrict<O extends typeof COMMON | typeof CANCEL>(argv: readonly string[], options: O, command: CommandName) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${quoted}`, command);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`unexpected argument "${quoted}"`, command);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /--[\w-]+/.exec(message)?.[0] ?? quoted;
      if (message.includes('does not take an argument')) throw new UsageError(`${flag} takes no value`, command);
      // A missing value, or one that looks like the next flag ("--key --folder x").
      throw new UsageError(`${flag} needs a value`, command);
    }
    throw new UsageError(message, command);
  }
}
