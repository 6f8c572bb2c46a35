import * as z from 'zod/mini';
import { DEFAULTS } from './defaults.ts';
import { GuardError } from './errors/guard-error.ts';
import type { RetryPolicy } from './http/retry.ts';
import { isLoopbackUrl } from './http/url.ts';
import { ResourceId } from './validation/fields.ts';
import { integerRule, parseInteger } from './validation/integer.ts';
import { describeIssue } from './validation/issues.ts';

export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  kmsEndpoint: string;
  operationEndpoint: string;
  resourceManagerEndpoint: string;
  keyIds: string[];
  /** KMS_FOLDER_IDS and KMS_FOLDER_ID together, each once. */
  folderIds: string[];
  cloudIds: string[];
  organizationId: string | undefined;
  protectLabel: { name: string; value: string } | undefined;
  approvedSubjectIds: ReadonlySet<string>;
  approvalLabel: string;
  /** Sweeps and the real-time guard turn deletion protection on for every key in scope that lacks it. */
  enforceDeletionProtection: boolean;
  deletionApprovalLabel: string;
  /** Where the guard's figures go (Monitoring custom metrics); unset, none are written. */
  monitoringFolderId: string | undefined;
  monitoringEndpoint: string;
  dryRun: boolean;
  allowedKeyIds: ReadonlySet<string> | undefined;
  chainUrl: string | undefined;
  /** Send the IAM token with a hand-off to a host outside Yandex Cloud Functions and API Gateway. */
  chainSendToken: boolean;
  sweepConcurrency: number;
  logLevel: LogLevel;
  requestTimeoutMs: number;
  retryPolicy: RetryPolicy;
}

/**
 * Every endpoint here receives the IAM token: https:// only, except a server on this machine
 * (the emulator, a local function host), which plain http:// cannot expose.
 */
const TokenEndpoint = z.url({ protocol: /^https?$/, error: 'must be an https:// URL' }).check(
  z.refine((url: string) => url.startsWith('https:') || isLoopbackUrl(url), {
    error: 'must be an https:// URL (http:// only for a loopback host such as 127.0.0.1)',
  }),
);
/** An API's base URL: requests append their path to it, so trailing slashes are dropped here, once. */
const ApiBase = z.pipe(
  TokenEndpoint,
  z.transform((url: string) => url.replace(/\/+$/, '')),
);
const IdList = z
  .pipe(
    z.string(),
    z.transform((text: string) =>
      text
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  )
  .check(
    z.refine((ids: string[]) => ids.every((id) => ResourceId.safeParse(id).success), {
      error: 'must be comma-separated IDs of 1 to 50 Latin letters or digits',
    }),
  );
const LabelName = z
  .string()
  .check(
    z.regex(/^[a-z][-_0-9a-z]{0,62}$/, { error: 'must be a KMS label name (a lowercase letter, then lowercase letters, digits, - and _)' }),
  );
const Label = z.string().check(
  z.regex(/^[a-z][-_0-9a-z]{0,62}=[-_0-9a-z]{0,63}$/, {
    error: 'must be name=value with a KMS label name and value (lowercase letters, digits, - and _)',
  }),
);
const Flag = z.enum(['true', 'false'], { error: 'must be true or false' });
function intFrom(min: number, max: number) {
  return z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      const value = parseInteger(text, min, max);
      if (value === undefined) ctx.issues.push({ code: 'custom', message: integerRule(min, max), input: text });
      return value ?? min;
    }),
  );
}

const Env = z.object({
  KMS_ENDPOINT: z.optional(ApiBase),
  OPERATION_ENDPOINT: z.optional(ApiBase),
  RESOURCE_MANAGER_ENDPOINT: z.optional(ApiBase),
  KMS_KEY_IDS: z.optional(IdList),
  KMS_FOLDER_ID: z.optional(ResourceId),
  KMS_FOLDER_IDS: z.optional(IdList),
  KMS_CLOUD_IDS: z.optional(IdList),
  KMS_ORGANIZATION_ID: z.optional(ResourceId),
  PROTECT_LABEL: z.optional(Label),
  APPROVED_SUBJECT_IDS: z.optional(IdList),
  APPROVAL_LABEL: z.optional(LabelName),
  ENFORCE_DELETION_PROTECTION: z.optional(Flag),
  DELETION_APPROVAL_LABEL: z.optional(LabelName),
  MONITORING_FOLDER_ID: z.optional(ResourceId),
  MONITORING_ENDPOINT: z.optional(ApiBase),
  DRY_RUN: z.optional(Flag),
  ALLOWED_KEY_IDS: z.optional(IdList),
  CHAIN_URL: z.optional(TokenEndpoint),
  CHAIN_SEND_TOKEN: z.optional(Flag),
  SWEEP_CONCURRENCY: z.optional(intFrom(1, 256)),
  LOG_LEVEL: z.optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  KMS_REQUEST_TIMEOUT_MS: z.optional(intFrom(100, 600_000)),
  KMS_MAX_ATTEMPTS: z.optional(intFrom(1, 10)),
});

/** Every variable the functions read, besides YC_IAM_TOKEN (the token is resolved at the edge). */
export const CONFIG_VARIABLES = Object.keys(Env.shape) as Array<keyof typeof Env.shape>;
let last: { values: string; config: Config } | undefined;

/**
 * Reads the environment at every call (so a changed variable takes effect), but parses it again only
 * when one of its variables changed: warm invocations reuse the last Config. A bad value is an error
 * naming the variable (and never echoing its value).
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset: deploy tools often write `NAME=` for "no value".
  // NUL separates the values: it cannot occur inside an environment variable.
  let values = '';
  for (const name of CONFIG_VARIABLES) values += `${env[name] ?? ''}\0`;
  if (last?.values === values) return last.config;
  const present: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value !== '') present[name] = value;
  }
  const config = parseConfig(present);
  last = { values, config };
  return config;
}

function parseConfig(present: Record<string, string>): Config {
  // Parsed once per instance (and per change): not worth compiling a fast path for (see parseInput).
  const result = Env.safeParse(present, { jitless: true });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${String(issue.path[0])} ${describeIssue(issue)}`);
    throw new GuardError('INTERNAL', `configuration: ${problems.join('; ')}`);
  }
  const e = result.data;
  const [labelName = '', labelValue = ''] = e.PROTECT_LABEL?.split('=') ?? [];
  return {
    kmsEndpoint: e.KMS_ENDPOINT ?? DEFAULTS.kmsEndpoint,
    operationEndpoint: e.OPERATION_ENDPOINT ?? DEFAULTS.operationEndpoint,
    resourceManagerEndpoint: e.RESOURCE_MANAGER_ENDPOINT ?? DEFAULTS.resourceManagerEndpoint,
    keyIds: [...new Set(e.KMS_KEY_IDS ?? [])],
    folderIds: [...new Set([...(e.KMS_FOLDER_IDS ?? []), ...(e.KMS_FOLDER_ID ? [e.KMS_FOLDER_ID] : [])])],
    cloudIds: [...new Set(e.KMS_CLOUD_IDS ?? [])],
    organizationId: e.KMS_ORGANIZATION_ID,
    protectLabel: e.PROTECT_LABEL ? { name: labelName, value: labelValue } : undefined,
    approvedSubjectIds: new Set(e.APPROVED_SUBJECT_IDS ?? []),
    approvalLabel: e.APPROVAL_LABEL ?? DEFAULTS.approvalLabel,
    enforceDeletionProtection: e.ENFORCE_DELETION_PROTECTION === 'true',
    deletionApprovalLabel: e.DELETION_APPROVAL_LABEL ?? DEFAULTS.deletionApprovalLabel,
    monitoringFolderId: e.MONITORING_FOLDER_ID,
    monitoringEndpoint: e.MONITORING_ENDPOINT ?? DEFAULTS.monitoringEndpoint,
    dryRun: e.DRY_RUN === 'true',
    allowedKeyIds: e.ALLOWED_KEY_IDS ? new Set(e.ALLOWED_KEY_IDS) : undefined,
    chainUrl: e.CHAIN_URL,
    chainSendToken: e.CHAIN_SEND_TOKEN === 'true',
    sweepConcurrency: e.SWEEP_CONCURRENCY ?? DEFAULTS.sweepConcurrency,
    logLevel: e.LOG_LEVEL ?? DEFAULTS.logLevel,
    requestTimeoutMs: e.KMS_REQUEST_TIMEOUT_MS ?? DEFAULTS.requestTimeoutMs,
    retryPolicy: {
      maxAttempts: e.KMS_MAX_ATTEMPTS ?? DEFAULTS.maxAttempts,
      baseDelayMs: DEFAULTS.baseRetryDelayMs,
      maxDelayMs: DEFAULTS.maxRetryDelayMs,
    },
  };
}
