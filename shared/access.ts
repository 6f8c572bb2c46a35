import type { Config } from './config.ts';
import { GuardError } from './errors/guard-error.ts';

/**
 * ALLOWED_KEY_IDS guards against a confused deputy: a caller who may invoke the function must not
 * reach keys the function's own service account can touch but the caller should not.
 */
export function isKeyAllowed(config: Config, keyId: string): boolean {
  return !config.allowedKeyIds || config.allowedKeyIds.has(keyId);
}

/** Refuses the whole request, before any KMS call, when it names a key outside ALLOWED_KEY_IDS. */
export function assertKeysAllowed(config: Config, keyIds: Iterable<string>): void {
  for (const keyId of keyIds) {
    if (!isKeyAllowed(config, keyId)) throw new GuardError('PERMISSION_DENIED', `key ${keyId} is not in ALLOWED_KEY_IDS of this function`);
  }
}
