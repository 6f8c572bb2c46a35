/** What `npm start` reads from the environment; a bad value stops it with a message naming the variable. */
export interface StartOptions {
  port: number;
  timerIntervalMs: number;
  /** Set when both KMS_ENDPOINT and YC_IAM_TOKEN are given: talk to that KMS instead of the emulator. */
  externalKms: { endpoint: string; token: string } | undefined;
}

export class StartOptionError extends Error {}

export function readStartOptions(env: NodeJS.ProcessEnv): StartOptions {
  return {
    port: integer(env, 'PORT', 3000, 0, 65_535),
    timerIntervalMs: integer(env, 'TIMER_INTERVAL', 0, 0, 86_400) * 1000,
    externalKms: env.KMS_ENDPOINT && env.YC_IAM_TOKEN ? { endpoint: env.KMS_ENDPOINT, token: env.YC_IAM_TOKEN } : undefined,
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new StartOptionError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}
