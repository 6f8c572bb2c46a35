// What deleting a key does (KMS Delete): the key and its versions leave Get, List and ListVersions, and
// every version is scheduled for destruction 72 hours later. Only support can bring the key back, within
// those 72 hours (the admin API's restore stands in for that request).
import { Code, KmsError } from './grpc-status.ts';
import type { KeyRecord, VersionRecord } from './records.ts';

/** Support's restore was asked for a key that is not deleted, or whose 72 hours are over. */
export class RestoreError extends Error {}

export const DELETION_GRACE_MS = 72 * 3_600_000;

/** A deleted key, and what its versions were before the deletion scheduled them, so a restore can undo it. */
export interface DeletedKey {
  key: KeyRecord;
  deletedAtMs: number;
  restorableUntilMs: number;
  /** Versions the deletion scheduled, by ID, with the state it replaced. */
  replaced: Map<string, Pick<VersionRecord, 'status' | 'destroyAtMs' | 'scheduledBy'>>;
}

/** A protected key cannot be deleted: refused at once, before any operation exists. */
export function refuseDeleting(key: KeyRecord): KmsError | undefined {
  if (!key.deletionProtection) return undefined;
  return new KmsError(
    Code.FAILED_PRECONDITION,
    `Symmetric key ${key.id} has deletion protection: turn deletionProtection off (Update) before deleting it`,
  );
}

/** Schedules every version not destroyed and not due sooner for destruction at the end of the grace period. */
export function scheduleKeyDeletion(key: KeyRecord, nowMs: number, deletedBy: string): DeletedKey {
  const restorableUntilMs = nowMs + DELETION_GRACE_MS;
  const replaced: DeletedKey['replaced'] = new Map();
  for (const version of key.versions) {
    if (version.status === 'DESTROYED') continue;
    if (version.destroyAtMs !== undefined && version.destroyAtMs <= restorableUntilMs) continue;
    replaced.set(version.id, { status: version.status, destroyAtMs: version.destroyAtMs, scheduledBy: version.scheduledBy });
    version.status = 'SCHEDULED_FOR_DESTRUCTION';
    version.destroyAtMs = restorableUntilMs;
    version.scheduledBy = deletedBy;
  }
  return { key, deletedAtMs: nowMs, restorableUntilMs, replaced };
}

/**
 * Support's restore: the versions the deletion scheduled get their earlier state back. After the grace
 * period, a RestoreError: the versions are destroyed.
 */
export function undoKeyDeletion(deleted: DeletedKey, nowMs: number): void {
  if (nowMs >= deleted.restorableUntilMs) {
    throw new RestoreError(`key ${deleted.key.id} was deleted more than 72 hours ago: its versions are destroyed`);
  }
  for (const [versionId, earlier] of deleted.replaced) {
    const version = deleted.key.versionsById.get(versionId);
    if (version?.status !== 'SCHEDULED_FOR_DESTRUCTION') continue;
    version.status = earlier.status;
    if (earlier.destroyAtMs === undefined) delete version.destroyAtMs;
    else version.destroyAtMs = earlier.destroyAtMs;
    if (earlier.scheduledBy === undefined) delete version.scheduledBy;
    else version.scheduledBy = earlier.scheduledBy;
  }
}
