// Which KMS `npm start` and `npm run invoke` talk to. KMS_ENDPOINT alone must not fall back to the
// emulator or to a demo token: the user asked for a real KMS, and would otherwise get answers from
// somewhere else, or a request carrying a made-up token.

/** The token `npm start` and `npm run invoke` use with the emulator, which accepts any token. */
export const DEMO_TOKEN = 'local-demo-token';

export interface ExternalKms {
  endpoint: string;
  token: string;
}

export class KmsTargetError extends Error {}

/** A real KMS when KMS_ENDPOINT is set (with YC_IAM_TOKEN), undefined for the emulator. Empty counts as unset. */
export function externalKmsFrom(env: NodeJS.ProcessEnv): ExternalKms | undefined {
  const endpoint = env.KMS_ENDPOINT;
  if (!endpoint) return undefined;
  const token = env.YC_IAM_TOKEN;
  if (!token) {
    throw new KmsTargetError(
      'KMS_ENDPOINT is set but YC_IAM_TOKEN is not: set YC_IAM_TOKEN=$(yc iam create-token) to use that KMS, ' +
        'or unset KMS_ENDPOINT to use the local emulator with the demo keys',
    );
  }
  return { endpoint, token };
}
