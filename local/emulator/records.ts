// The emulator's in-memory records of keys and versions (times as epoch milliseconds).
import { formatTimestamp } from './time-format.ts';
import type { KeyStatus, SeedKey, SeedVersion, SymmetricAlgorithm, VersionStatus } from './types.ts';

export interface VersionRecord {
  id: string;
  keyId: string;
  status: VersionStatus;
  algorithm: SymmetricAlgorithm;
  createdAtMs: number;
  primary: boolean;
  destroyAtMs?: number;
  hostedByHsm: boolean;
  /** Subject ID of who scheduled the destruction, while it is scheduled and when known. */
  scheduledBy?: string;
}

export interface KeyRecord {
  id: string;
  folderId: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  status: KeyStatus;
  defaultAlgorithm: SymmetricAlgorithm;
  createdAtMs: number;
  rotatedAtMs?: number;
  rotationPeriod?: string;
  deletionProtection: boolean;
  accessDenied: boolean;
  /** Kept in list order: createdAt, then id. */
  versions: VersionRecord[];
  versionsById: Map<string, VersionRecord>;
}

/** The order ListVersions uses: oldest first, ties broken by id. */
export function compareVersions(a: VersionRecord, b: VersionRecord): number {
  return a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function toSeedVersion(version: VersionRecord): SeedVersion {
  const seedVersion: SeedVersion = {
    id: version.id,
    status: version.status,
    algorithm: version.algorithm,
    createdAt: formatTimestamp(version.createdAtMs),
    primary: version.primary,
    hostedByHsm: version.hostedByHsm,
  };
  if (version.destroyAtMs !== undefined) seedVersion.destroyAt = formatTimestamp(version.destroyAtMs);
  if (version.scheduledBy !== undefined) seedVersion.scheduledBy = version.scheduledBy;
  return seedVersion;
}

/** A key in the seed format, so state read from the emulator can be seeded again. */
export function toSeedKey(key: KeyRecord): SeedKey {
  const seedKey: SeedKey = {
    id: key.id,
    folderId: key.folderId,
    name: key.name,
    description: key.description,
    labels: { ...key.labels },
    status: key.status,
    defaultAlgorithm: key.defaultAlgorithm,
    createdAt: formatTimestamp(key.createdAtMs),
    deletionProtection: key.deletionProtection,
    accessDenied: key.accessDenied,
    versions: key.versions.map(toSeedVersion),
  };
  if (key.rotatedAtMs !== undefined) seedKey.rotatedAt = formatTimestamp(key.rotatedAtMs);
  if (key.rotationPeriod !== undefined) seedKey.rotationPeriod = key.rotationPeriod;
  return seedKey;
}
