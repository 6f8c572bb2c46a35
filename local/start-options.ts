import { integerRule, parseInteger } from '../shared/validation/integer.ts';
import { type ExternalKms, externalKmsFrom } from './kms-target.ts';

/** What `npm start` reads from the environment; a bad value stops it with a message naming the variable. */
export interface StartOptions {
  port: number;
  timerIntervalMs: number;
  /** Set when KMS_ENDPOINT is given (KMS_ENDPOINT without YC_IAM_TOKEN is refused): that KMS, not the emulator. */
  externalKms: ExternalKms | undefined;
}

export class StartOptionError extends Error {}

export function readStartOptions(env: NodeJS.ProcessEnv): StartOptions {
  return {
    port: integer(env, 'PORT', 3000, 0, 65_535),
    timerIntervalMs: integer(env, 'TIMER_INTERVAL', 0, 0, 86_400) * 1000,
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
