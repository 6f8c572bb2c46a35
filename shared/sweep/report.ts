import type { ScheduledBy } from '../guard/scheduled-by.ts';
import type { SymmetricKeyVersion } from '../kms/schemas.ts';

export interface ScheduledVersion {
  keyId: string;
  versionId: string;
  destroyAt: string;
  algorithm?: string;
  primary: boolean;
  folderId?: string;
  cloudId?: string;
  scheduledBy?: ScheduledBy;
}

/** What a sweep could not read or reach: exactly one of the four IDs says which. */
export type ResourceRef = { organizationId: string } | { cloudId: string } | { folderId: string } | { keyId: string };

export type SweepError = ResourceRef & { code: string; message: string };

export interface SweepReport {
  generatedAt: string;
  scope: { keyIds: string[]; folderIds?: string[]; cloudIds?: string[]; organizationId?: string; label?: string };
  cloudsScanned: number;
  foldersScanned: number;
  /** Folders found but not ACTIVE (being deleted): not swept. */
  foldersSkipped: number;
  keysScanned: number;
  versionsScanned: number;
  scheduled: ScheduledVersion[];
  errors: SweepError[];
  /** Who scheduled a version could not be read: the sweep itself is not less complete for it. */
  warnings: SweepError[];
  /** What the deadline cut off: organizations, clouds, folders and keys never read. */
  notReached: ResourceRef[];
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

/** "key abj…", "folder b1g…": a resource named for a log line or a message. */
export function describeRef(ref: ResourceRef): string {
  if ('keyId' in ref) return `key ${ref.keyId}`;
  if ('folderId' in ref) return `folder ${ref.folderId}`;
  if ('cloudId' in ref) return `cloud ${ref.cloudId}`;
  return `organization ${ref.organizationId}`;
}
