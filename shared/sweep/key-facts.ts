import type { SymmetricKey } from '../kms/schemas.ts';

/** What a sweep learns of a key besides its versions: where it lives and its labels (for approvals). */
export interface KeyFacts {
  folderId?: string;
  cloudId?: string;
  labels?: Record<string, string>;
}

/** A key's facts as KMS gives them (List or Get), with the cloud it was found in, when known. */
export function factsOf(key: SymmetricKey, cloudId?: string): KeyFacts {
  return { ...(key.folderId ? { folderId: key.folderId } : {}), ...(cloudId ? { cloudId } : {}), labels: key.labels ?? {} };
}
