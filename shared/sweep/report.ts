import type { SymmetricKeyVersion } from '../kms/schemas.ts';

export interface ScheduledVersion {
  keyId: string;
  versionId: string;
  destroyAt: string;
  algorithm?: string;
  primary: boolean;
}

export interface SweepError {
  keyId?: string;
  folderId?: string;
  code: string;
  message: string;
}

export interface SweepReport {
  generatedAt: string;
  scope: { keyIds: string[]; folderId?: string; label?: string };
  keysScanned: number;
  versionsScanned: number;
  scheduled: ScheduledVersion[];
  errors: SweepError[];
  /** Keys the sweep had no time left to read before the invocation's deadline. */
  notReached: string[];
  complete: boolean;
  dryRun?: boolean;
}

export function scheduledEntry(keyId: string, version: SymmetricKeyVersion): ScheduledVersion {
  return {
    keyId,
    versionId: version.id,
    destroyAt: version.destroyAt ?? '',
    ...(version.algorithm ? { algorithm: version.algorithm } : {}),
    primary: version.primary ?? false,
  };
}

/** Soonest destruction first; the order of equal times is kept stable by key and version. */
export function byDestroyAt(a: ScheduledVersion, b: ScheduledVersion): number {
  return Date.parse(a.destroyAt) - Date.parse(b.destroyAt) || a.keyId.localeCompare(b.keyId) || a.versionId.localeCompare(b.versionId);
}
