// What a command runs on: the functions' configuration (read by the shared rules from the environment,
// with the flags written over the variables they stand for), the sweep scope, and an Invocation built by
// the same startInvocation the functions use (KMS, Operation and Resource Manager clients, the deadline,
// retries), with its log on stderr so that stdout holds the result alone.
import { type Config, readConfig } from '../shared/config.ts';
import { type Invocation, startInvocation } from '../shared/edge/invocation.ts';
import { GuardError } from '../shared/errors/guard-error.ts';
import type { Logger } from '../shared/log.ts';
import type { Scrub } from '../shared/secrets.ts';
import type { SweepScope } from '../shared/sweep/scope.ts';
import { type CommandName, type CommonOptions, UsageError } from './args.ts';
import { PROGRAM } from './usage.ts';

/** Every API the CLI may call: --endpoint points them all at one base URL (the emulator serves them all). */
const ENDPOINT_VARIABLES = ['KMS_ENDPOINT', 'OPERATION_ENDPOINT', 'RESOURCE_MANAGER_ENDPOINT', 'MONITORING_ENDPOINT'];
/** The scope of the environment: any scope flag replaces all of it, as a timer payload does. */
const SCOPE_VARIABLES = ['KMS_KEY_IDS', 'KMS_FOLDER_ID', 'KMS_FOLDER_IDS', 'KMS_CLOUD_IDS', 'KMS_ORGANIZATION_ID', 'PROTECT_LABEL'];

export interface Setup {
  config: Config;
  scope: SweepScope;
  /** The environment the configuration was read from: flags written over the variables they stand for. */
  env: NodeJS.ProcessEnv;
}

/**
 * The configuration and scope of a command. A bad value is a UsageError naming the flag it came from
 * (or the variable, when it came from the environment), with the same rule the functions apply: IDs of
 * the ID alphabet, endpoints https:// unless on loopback.
 */
export function setUp(options: CommonOptions, command: CommandName, processEnv: NodeJS.ProcessEnv): Setup {
  const env: NodeJS.ProcessEnv = { ...processEnv };
  const flagOf = new Map<string, string>();
  const set = (variable: string, flag: string, value: string) => {
    env[variable] = value;
    flagOf.set(variable, flag);
  };
  if (options.endpoint !== undefined) for (const name of ENDPOINT_VARIABLES) set(name, '--endpoint', options.endpoint);
  const scoped = options.keys.length + options.folders.length + options.clouds.length > 0 || options.organization !== undefined;
  if (scoped) {
    for (const name of SCOPE_VARIABLES) delete env[name];
    if (options.keys.length > 0) set('KMS_KEY_IDS', '--key', options.keys.join(','));
    if (options.folders.length > 0) set('KMS_FOLDER_IDS', '--folder', options.folders.join(','));
    if (options.clouds.length > 0) set('KMS_CLOUD_IDS', '--cloud', options.clouds.join(','));
    if (options.organization !== undefined) set('KMS_ORGANIZATION_ID', '--organization', options.organization);
  }
  if (options.label !== undefined) set('PROTECT_LABEL', '--label', options.label);

  let config: Config;
  try {
    config = readConfig(env);
  } catch (error) {
    if (!(error instanceof GuardError)) throw error;
    throw new UsageError(inFlagTerms(error.description, flagOf), command);
  }
  const scope: SweepScope = {
    keyIds: config.keyIds,
    folderIds: config.folderIds,
    cloudIds: config.cloudIds,
    ...(config.organizationId ? { organizationId: config.organizationId } : {}),
    ...(config.protectLabel ? { label: config.protectLabel } : {}),
    dryRun: config.dryRun,
  };
  if (scope.keyIds.length + scope.folderIds.length + scope.cloudIds.length === 0 && !scope.organizationId) {
    throw new UsageError(
      'nothing to scan: give --key, --folder, --cloud or --organization (or set KMS_KEY_IDS, KMS_FOLDER_IDS, KMS_CLOUD_IDS or KMS_ORGANIZATION_ID)',
      command,
    );
  }
  return { config, scope, env };
}

/** "configuration: KMS_KEY_IDS must be …; KMS_ENDPOINT must be …" told in the flags the user typed. */
function inFlagTerms(description: string, flagOf: ReadonlyMap<string, string>): string {
  const problems = description
    .replace(/^configuration: /, '')
    .split('; ')
    .map((problem) => {
      const variable = /^[A-Z_]+/.exec(problem)?.[0] ?? '';
      const flag = flagOf.get(variable);
      return flag ? `${flag}${problem.slice(variable.length)}` : `${problem} (environment variable)`;
    });
  return [...new Set(problems)].join('; ');
}

/**
 * A fresh Invocation with its own deadline of `timeoutSeconds`: the scan and the cancels after a prompt
 * each get one, so the time a person takes to answer is not taken from the cancels.
 */
export function connect(setup: Setup, token: string, scrub: Scrub, timeoutSeconds: number, log: Logger): Invocation {
  const invocation = startInvocation(
    {
      functionName: PROGRAM,
      trigger: 'direct',
      context: { getRemainingTimeInMillis: () => timeoutSeconds * 1000 },
      token,
      scrub,
    },
    setup.env,
  );
  return { ...invocation, log };
}
