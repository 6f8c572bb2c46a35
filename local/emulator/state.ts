// The keys the emulator holds, read with the version lifecycle applied at the emulator clock.
import { Code, KmsError } from './grpc-status.ts';
import { type DeletedKey, RestoreError, scheduleKeyDeletion, undoKeyDeletion } from './key-deletion.ts';
import { destroyDueVersions } from './lifecycle.ts';
import type { KeyRecord, VersionRecord } from './records.ts';

export class KeyStore {
  private keys = new Map<string, KeyRecord>();
  /** Deleted keys: absent from every API answer, restorable (admin API) until their grace period ends. */
  private deletedKeys = new Map<string, DeletedKey>();

  constructor(private readonly nowMs: () => number) {}

  replace(records: KeyRecord[]): void {
    this.keys = new Map(records.map((key) => [key.id, key]));
    this.deletedKeys.clear();
  }

  /** A key created through the API. */
  add(key: KeyRecord): void {
    this.keys.set(key.id, key);
  }

  /** The key leaves the API; its versions are scheduled for destruction at the end of the grace period. */
  delete(key: KeyRecord, deletedBy: string): void {
    this.keys.delete(key.id);
    this.deletedKeys.set(key.id, scheduleKeyDeletion(key, this.nowMs(), deletedBy));
  }

  /** Support's restore within the grace period; a RestoreError when it cannot be done. */
  restore(keyId: string): KeyRecord {
    const deleted = this.peekDeleted(keyId);
    if (!deleted) throw new RestoreError(`no deleted key ${keyId}`);
    undoKeyDeletion(deleted, this.nowMs());
    this.deletedKeys.delete(keyId);
    this.keys.set(keyId, deleted.key);
    return deleted.key;
  }

  /** A deleted key with due destructions applied. */
  peekDeleted(keyId: string): DeletedKey | undefined {
    const deleted = this.deletedKeys.get(keyId);
    if (deleted) destroyDueVersions(deleted.key, this.nowMs());
    return deleted;
  }

  allDeleted(): DeletedKey[] {
    return [...this.deletedKeys.keys()].map((keyId) => this.peekDeleted(keyId)!);
  }

  /** The key with due destructions applied, whatever its access rule. */
  peek(keyId: string): KeyRecord | undefined {
    const key = this.keys.get(keyId);
    if (key) destroyDueVersions(key, this.nowMs());
    return key;
  }

  /** The key a request is about: NOT_FOUND when unknown, PERMISSION_DENIED when the seed denies access. */
  require(keyId: string): KeyRecord {
    const key = this.peek(keyId);
    if (!key) throw new KmsError(Code.NOT_FOUND, `Symmetric key ${keyId} not found`);
    if (key.accessDenied) throw permissionDenied(keyId);
    return key;
  }

  requireVersion(key: KeyRecord, versionId: string): VersionRecord {
    const version = key.versionsById.get(versionId);
    if (!version) throw new KmsError(Code.NOT_FOUND, `Version ${versionId} of symmetric key ${key.id} not found`);
    return version;
  }

  /** Keys of a folder in a stable order (createdAt, then id). */
  inFolder(folderId: string): KeyRecord[] {
    return [...this.keys.values()]
      .filter((key) => key.folderId === folderId)
      .sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  all(): KeyRecord[] {
    const nowMs = this.nowMs();
    for (const key of this.keys.values()) destroyDueVersions(key, nowMs);
    return [...this.keys.values()];
  }
}

function permissionDenied(keyId: string): KmsError {
  return new KmsError(Code.PERMISSION_DENIED, `Permission denied to symmetric key ${keyId}`);
}
