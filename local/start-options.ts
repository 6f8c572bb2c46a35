import { integerRule, parseInteger } from '../shared/validation/integer.ts';
import { type ExternalKms, externalKmsFrom } from './kms-target.ts';

/** What `npm start` reads from the environment; a bad value stops it with a message naming the variable. */
export interface StartOptions {
  port: number;
  timerIntervalMs: number;
  /** The local Cloud Logging trigger that feeds the emulator's audit records to the real-time guard. */
  auditTrigger: AuditTriggerOptions;
  /** Set when KMS_ENDPOINT is given (KMS_ENDPOINT without YC_IAM_TOKEN is refused): that KMS, not the emulator. */
  externalKms: ExternalKms | undefined;
}

interface AuditTriggerOptions {
  /** AUDIT_TRIGGER=off turns it off; it is on by default. */
  enabled: boolean;
  /** AUDIT_BATCH_SIZE: records per invocation at most (1-1000, as the platform's batch settings). */
  batchSize: number;
  /** AUDIT_BATCH_CUTOFF_MS: how long a partial batch waits (0-60,000 ms; 0 sends each record at once). */
  cutoffMs: number;
}

export class StartOptionError extends Error {}

export function readStartOptions(env: NodeJS.ProcessEnv): StartOptions {
  return {
    port: integer(env, 'PORT', 3000, 0, 65_535),
    timerIntervalMs: integer(env, 'TIMER_INTERVAL', 0, 0, 86_400) * 1000,
    auditTrigger: {
      enabled: onOff(env, 'AUDIT_TRIGGER'),
      batchSize: integer(env, 'AUDIT_BATCH_SIZE', 10, 1, 1000),
      cutoffMs: integer(env, 'AUDIT_BATCH_CUTOFF_MS', 200, 0, 60_000),
    },
    externalKms: externalKmsFrom(env),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = parseInteger(text, min, max);
  if (value === undefined) throw new StartOptionError(`${name} ${integerRule(min, max)}`);
  return value;
}

function onOff(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = env[name];
  if (text === undefined || text === '' || text === 'on') return true;
  if (text === 'off') return false;
  throw new StartOptionError(`${name} must be on or off`);
}
