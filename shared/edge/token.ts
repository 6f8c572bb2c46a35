import { GuardError } from '../errors/guard-error.ts';

/** The function's IAM token: the platform's (service account of the version), else YC_IAM_TOKEN. */
export function resolveToken(context: unknown, fallback: string | undefined): string | undefined {
  const token = (context as { token?: { access_token?: unknown } } | undefined)?.token?.access_token;
  if (typeof token === 'string' && token !== '') return token;
  return fallback === '' ? undefined : fallback;
}

export function missingToken(): GuardError {
  return new GuardError(
    'UNAUTHENTICATED',
    'no IAM token: assign a service account to the function version (the platform then passes its token to every call), or set YC_IAM_TOKEN for local runs',
  );
}
