// Who may call: the APIs take an IAM token as "Authorization: Bearer <token>" and nothing else.
import { Code, KmsError } from './grpc-status.ts';

/** The accepted token, or why it was refused. */
type AuthResult = { token: string; error?: undefined } | { error: KmsError };

/** `tokens` undefined accepts any non-empty Bearer token. */
export function authenticate(header: string | undefined, tokens: ReadonlySet<string> | undefined): AuthResult {
  const refuse = (message: string): AuthResult => ({ error: new KmsError(Code.UNAUTHENTICATED, message) });
  if (!header || header.trim() === '') return refuse('The request has no IAM token: send "Authorization: Bearer <IAM token>"');
  const match = /^(\S+)(?:\s+(.*))?$/.exec(header.trim());
  const scheme = match?.[1] ?? '';
  const token = (match?.[2] ?? '').trim();
  if (scheme.toLowerCase() !== 'bearer') {
    const hint = scheme.toLowerCase() === 'api-key' ? ' (KMS does not accept API keys)' : '';
    return refuse(`The Authorization header must carry "Bearer <IAM token>"${hint}`);
  }
  if (token === '') return refuse('The Bearer token is empty');
  if (tokens && !tokens.has(token)) return refuse('Token is invalid or has expired.');
  return { token };
}
