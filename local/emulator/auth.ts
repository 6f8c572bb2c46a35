// Who may call: KMS takes an IAM token as "Authorization: Bearer <token>" and nothing else.
import { Code, KmsError } from './grpc-status.ts';

/** undefined when the token is accepted; `tokens` undefined accepts any non-empty Bearer token. */
export function authenticate(header: string | undefined, tokens: ReadonlySet<string> | undefined): KmsError | undefined {
  if (!header || header.trim() === '') {
    return new KmsError(Code.UNAUTHENTICATED, 'The request has no IAM token: send "Authorization: Bearer <IAM token>"');
  }
  const match = /^(\S+)(?:\s+(.*))?$/.exec(header.trim());
  const scheme = match?.[1] ?? '';
  const token = (match?.[2] ?? '').trim();
  if (scheme.toLowerCase() !== 'bearer') {
    const hint = scheme.toLowerCase() === 'api-key' ? ' (KMS does not accept API keys)' : '';
    return new KmsError(Code.UNAUTHENTICATED, `The Authorization header must carry "Bearer <IAM token>"${hint}`);
  }
  if (token === '') return new KmsError(Code.UNAUTHENTICATED, 'The Bearer token is empty');
  if (tokens && !tokens.has(token)) return new KmsError(Code.UNAUTHENTICATED, 'Token is invalid or has expired.');
  return undefined;
}
