// The rules of a key version's life: schedule, cancel, destroy when due, rotate.
import { Code, KmsError } from './grpc-status.ts';
import { compareVersions, type KeyRecord, type VersionRecord } from './records.ts';

/** A scheduled version is destroyed once its destroyAt has come: applied whenever a key is read or changed. */
export function destroyDueVersions(key: KeyRecord, nowMs: number): void {
  for (const version of key.versions) {
    if (version.status === 'SCHEDULED_FOR_DESTRUCTION' && version.destroyAtMs !== undefined && version.destroyAtMs <= nowMs) {
      version.status = 'DESTROYED';
      delete version.destroyAtMs;
      delete version.scheduledBy;
    }
  }
}

export function refuseScheduling(key: KeyRecord, version: VersionRecord): KmsError | undefined {
  if (version.primary) {
    return new KmsError(
      Code.FAILED_PRECONDITION,
      `Version ${version.id} is the primary version of key ${key.id}: the primary version cannot be destroyed`,
    );
  }
  if (version.status !== 'ACTIVE') {
    return new KmsError(
      Code.FAILED_PRECONDITION,
      `Version ${version.id} is ${version.status}: only an ACTIVE version can be scheduled for destruction`,
    );
  }
  return undefined;
}

export function scheduleDestruction(version: VersionRecord, destroyAtMs: number, scheduledBy: string): void {
  version.status = 'SCHEDULED_FOR_DESTRUCTION';
  version.destroyAtMs = destroyAtMs;
  version.scheduledBy = scheduledBy;
}

export function refuseCancelling(version: VersionRecord): KmsError | undefined {
  if (version.status === 'ACTIVE') {
    return new KmsError(Code.FAILED_PRECONDITION, `Version ${version.id} is ACTIVE: it is not scheduled for destruction`);
  }
  if (version.status === 'DESTROYED') {
    return new KmsError(Code.FAILED_PRECONDITION, `Version ${version.id} is DESTROYED: a destroyed version cannot be restored`);
  }
  return undefined;
}

export function cancelDestruction(version: VersionRecord): void {
  version.status = 'ACTIVE';
  delete version.destroyAtMs;
  delete version.scheduledBy;
}

/** A new ACTIVE version becomes primary; the old primary stays ACTIVE. */
export function rotateKey(key: KeyRecord, newVersionId: string, nowMs: number): VersionRecord {
  const version: VersionRecord = {
    id: newVersionId,
    keyId: key.id,
    status: 'ACTIVE',
    algorithm: key.defaultAlgorithm,
    createdAtMs: nowMs,
    primary: true,
    hostedByHsm: key.defaultAlgorithm === 'AES_256_HSM',
  };
  for (const other of key.versions) other.primary = false;
  key.versions.push(version);
  key.versionsById.set(version.id, version);
  // The clock may have been set back: keep the list order (createdAt, then id).
  const previous = key.versions.at(-2);
  if (previous && compareVersions(previous, version) > 0) key.versions.sort(compareVersions);
  key.rotatedAtMs = nowMs;
  return version;
}
