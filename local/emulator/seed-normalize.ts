// Turns checked seed data into key records: fills in defaults and enforces what KMS itself guarantees
// (unique IDs, exactly one ACTIVE primary version, destroyAt exactly on scheduled versions).
import { createHash } from 'node:crypto';
import { compareVersions, type KeyRecord, type VersionRecord } from './records.ts';
import type { CloudRecord } from './resource-records.ts';
import { normalizeClouds } from './seed-clouds.ts';
import { claimSeedId, SEEDED_AGE_MS, SeedError } from './seed-schema.ts';
import { parseOptionalTimestamp } from './time-format.ts';
import type { SeedData, SeedKeyInput, SeedVersionInput } from './types.ts';

export const DEFAULT_FOLDER_ID = 'b1gemulatorfolder001';
export const DEFAULT_ALGORITHM = 'AES_128'; // the KMS default for a new key

interface NormalizedSeed {
  keys: KeyRecord[];
  clouds: CloudRecord[];
}

export function normalizeSeed(data: SeedData, nowMs: number): NormalizedSeed {
  return { keys: normalizeKeys(data, nowMs), clouds: normalizeClouds(data.clouds ?? [], nowMs) };
}

function normalizeKeys(data: SeedData, nowMs: number): KeyRecord[] {
  const keyPaths = new Map<string, string>();
  const versionPaths = new Map<string, string>();
  return data.keys.map((input, keyIndex) => {
    const path = `keys[${keyIndex}]`;
    claimSeedId(keyPaths, 'key', input.id, path);
    const key = normalizeKey(input, path, nowMs);
    key.versions.forEach((version, versionIndex) => {
      claimSeedId(versionPaths, 'version', version.id, `${path}.versions[${versionIndex}]`);
    });
    return key;
  });
}

function normalizeKey(input: SeedKeyInput, path: string, nowMs: number): KeyRecord {
  const createdAtMs = parseOptionalTimestamp(input.createdAt) ?? nowMs - SEEDED_AGE_MS;
  const defaultAlgorithm = input.defaultAlgorithm ?? DEFAULT_ALGORITHM;
  const inputs = input.versions?.length ? input.versions : [{ id: derivedVersionId(input.id) }];
  // Versions without createdAt follow the key's creation a second apart, keeping their order in the seed.
  const versions = inputs.map((version, index) =>
    normalizeVersion(version, `${path}.versions[${index}]`, input.id, createdAtMs + index * 1000, defaultAlgorithm),
  );
  choosePrimary(versions, inputs, path);
  const key: KeyRecord = {
    id: input.id,
    folderId: input.folderId ?? DEFAULT_FOLDER_ID,
    name: input.name ?? '',
    description: input.description ?? '',
    labels: { ...input.labels },
    status: input.status ?? 'ACTIVE',
    defaultAlgorithm,
    createdAtMs,
    deletionProtection: input.deletionProtection ?? false,
    accessDenied: input.accessDenied ?? false,
    versions: [...versions].sort(compareVersions),
    versionsById: new Map(versions.map((version) => [version.id, version])),
  };
  const rotatedAtMs = parseOptionalTimestamp(input.rotatedAt);
  if (rotatedAtMs !== undefined) key.rotatedAtMs = rotatedAtMs;
  if (input.rotationPeriod !== undefined) key.rotationPeriod = input.rotationPeriod;
  return key;
}

function normalizeVersion(
  input: SeedVersionInput,
  path: string,
  keyId: string,
  defaultCreatedAtMs: number,
  defaultAlgorithm: VersionRecord['algorithm'],
): VersionRecord {
  const status = input.status ?? 'ACTIVE';
  const algorithm = input.algorithm ?? defaultAlgorithm;
  const version: VersionRecord = {
    id: input.id,
    keyId,
    status,
    algorithm,
    createdAtMs: parseOptionalTimestamp(input.createdAt) ?? defaultCreatedAtMs,
    primary: input.primary ?? false,
    hostedByHsm: input.hostedByHsm ?? algorithm === 'AES_256_HSM',
  };
  const destroyAtMs = parseOptionalTimestamp(input.destroyAt);
  if (status === 'SCHEDULED_FOR_DESTRUCTION') {
    if (destroyAtMs === undefined) throw new SeedError(`${path}.destroyAt`, 'required when status is SCHEDULED_FOR_DESTRUCTION');
    version.destroyAtMs = destroyAtMs;
  } else if (destroyAtMs !== undefined) {
    throw new SeedError(`${path}.destroyAt`, `only allowed when status is SCHEDULED_FOR_DESTRUCTION (status is ${status})`);
  }
  if (input.scheduledBy !== undefined) {
    if (status !== 'SCHEDULED_FOR_DESTRUCTION') {
      throw new SeedError(`${path}.scheduledBy`, `only allowed when status is SCHEDULED_FOR_DESTRUCTION (status is ${status})`);
    }
    version.scheduledBy = input.scheduledBy;
  }
  return version;
}

/** Exactly one primary: the one marked, else the newest ACTIVE version. It must be ACTIVE. */
function choosePrimary(versions: VersionRecord[], inputs: SeedVersionInput[], keyPath: string): void {
  const marked = versions.flatMap((version, index) => (version.primary ? [index] : []));
  if (marked.length > 1) {
    throw new SeedError(
      `${keyPath}.versions[${marked[1]}].primary`,
      `a key has exactly one primary version (versions[${marked[0]}] is primary too)`,
    );
  }
  if (marked.length === 1) {
    const index = marked[0]!;
    if (versions[index]!.status !== 'ACTIVE') {
      throw new SeedError(
        `${keyPath}.versions[${index}].primary`,
        `the primary version must be ACTIVE (status is ${inputs[index]!.status})`,
      );
    }
    return;
  }
  const newestActive = versions
    .filter((version) => version.status === 'ACTIVE')
    .sort(compareVersions)
    .at(-1);
  if (!newestActive) throw new SeedError(`${keyPath}.versions`, 'a key needs an ACTIVE version to be its primary version');
  newestActive.primary = true;
}

/** A stable version ID for a key seeded without versions. */
function derivedVersionId(keyId: string): string {
  const digest = createHash('sha256').update(keyId).digest();
  let id = 'abj';
  for (const byte of digest) {
    if (id.length === 20) break;
    id += '0123456789abcdefghijklmnopqrstuvwxyz'[byte % 36];
  }
  return id;
}
