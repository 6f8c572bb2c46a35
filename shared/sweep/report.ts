import type { Approval } from '../guard/approvals.ts';
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

/** A key in scope whose deletion protection is off: deleting it would destroy every version in 72 hours. */
export interface UnprotectedKey {
  keyId: string;
  keyName?: string;
  folderId: string;
  cloudId?: string;
  /** Left without protection on purpose: the key carries DELETION_APPROVAL_LABEL. */
  approval?: Approval;
}

/** The keys without deletion protection that no rule approves: what the posture counts. */
export function unapproved(report: Pick<SweepReport, 'unprotectedKeys'>): UnprotectedKey[] {
  return report.unprotectedKeys.filter((key) => !key.approval);
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
  /** Keys in scope without deletion protection, by folder then key. */
  unprotectedKeys: UnprotectedKey[];
  errors: SweepError[];
  /** What was read only in part (who scheduled a version, a named key's own record): the sweep is not less complete for it. */
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

/** Each kind of resource a sweep reads, by the field that names it, smallest first. */
const REF_NOUNS = { keyId: 'key', folderId: 'folder', cloudId: 'cloud', organizationId: 'organization' } as const;
type RefField = keyof typeof REF_NOUNS;

function fieldOf(ref: ResourceRef): RefField {
  return (Object.keys(REF_NOUNS) as RefField[]).find((field) => field in ref) ?? 'organizationId';
}

/** "key abj…", "folder b1g…": a resource named for a log line or a message. */
export function describeRef(ref: ResourceRef): string {
  const field = fieldOf(ref);
  return `${REF_NOUNS[field]} ${(ref as Record<RefField, string>)[field]}`;
}

/** "1 key(s), 2 folder(s)" (or "0 key(s)"): what a list of resources holds, by kind. */
export function countRefs(refs: readonly ResourceRef[]): string {
  const parts = (Object.keys(REF_NOUNS) as RefField[]).flatMap((field) => {
    const count = refs.filter((ref) => fieldOf(ref) === field).length;
    return count > 0 ? [`${count} ${REF_NOUNS[field]}(s)`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : '0 key(s)';
}
