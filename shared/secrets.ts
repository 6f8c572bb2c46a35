const REDACTED = '[REDACTED]';

/** Below this length a value is no credential worth hiding, and masking it would garble ordinary text. */
const MIN_SECRET_LENGTH = 8;

export type Scrub = (text: string) => string;

/**
 * Masks every occurrence of the given secrets (the IAM token) in a text. JSON escaping leaves an IAM
 * token's characters alone, so the same scrub works on plain text and on serialized JSON.
 */
export function scrubberFor(secrets: readonly (string | undefined)[]): Scrub {
  const hidden = secrets.filter((secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_LENGTH);
  if (hidden.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const secret of hidden) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
}
