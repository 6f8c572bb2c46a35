import type { SymmetricKey } from '../kms/schemas.ts';

/** What a sweep learns of a key besides its versions: where it lives, its labels (approvals), its name and deletion protection. */
export interface KeyFacts {
  folderId?: string;
  cloudId?: string;
  labels?: Record<string, string>;
  name?: string;
  /** Known once the key was read (List or Get); absent while unknown. */
  deletionProtection?: boolean;
}

/** A key's facts as KMS gives them (List or Get), with the cloud it was found in, when known. */
export function factsOf(key: SymmetricKey, cloudId?: string): KeyFacts {
  return {
    ...(key.folderId ? { folderId: key.folderId } : {}),
    ...(cloudId ? { cloudId } : {}),
    labels: key.labels ?? {},
    ...(key.name ? { name: key.name } : {}),
    // proto3 JSON leaves a false flag out: a key read without the field is not protected.
    deletionProtection: key.deletionProtection === true,
  };
}
