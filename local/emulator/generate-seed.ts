// Builds large, deterministic seed data: for demos, tests and benchmarks.
import { DEFAULT_ORGANIZATION_ID } from './seed-clouds.ts';
import { DEFAULT_FOLDER_ID } from './seed-normalize.ts';
import { formatTimestamp } from './time-format.ts';
import type { SeedCloudInput, SeedData, SeedKey, SeedVersion } from './types.ts';

/** An organization of `clouds` clouds with `foldersPerCloud` folders each; the keys are dealt out over the folders. */
interface GeneratedOrganization {
  clouds: number;
  foldersPerCloud: number;
  /** Default: the emulator's default organization. */
  organizationId?: string;
}

export interface GenerateSeedOptions {
  keys: number;
  versionsPerKey: number;
  /** Non-primary versions set to SCHEDULED_FOR_DESTRUCTION, spread round-robin over the keys. */
  scheduled?: number;
  /** Subject ID recorded as having scheduled each scheduled version (seeded history for ListOperations). */
  scheduledBy?: string;
  /** The folder of every key; not with `organization`. */
  folderId?: string;
  /** Clouds and folders to put the keys in: key i goes to folder i mod (clouds x foldersPerCloud). */
  organization?: GeneratedOrganization;
  /** Labels of the i-th key (0-based). */
  labels?: (index: number) => Record<string, string> | undefined;
  /** Reference time: versions are created before it, destructions are due after it. Default: now. */
  now?: Date;
  /** Start of every ID (Latin letters and digits, at most 30 characters). Default "abj". */
  idPrefix?: string;
}

const HOUR_MS = 3_600_000;
const FIRST_DESTRUCTION_MS = HOUR_MS; // the soonest destruction is due an hour after `now`
const DESTRUCTION_SPAN_MS = 6 * 24 * HOUR_MS; // the latest about six days later

/**
 * Every key has `versionsPerKey` versions one hour apart, the newest is primary; with the default prefix IDs
 * have 20 characters. Every field is filled in; the result is plain SeedData, free to edit before seeding.
 */
export function generateSeed(options: GenerateSeedOptions): SeedData {
  const { keys: keyCount, versionsPerKey, scheduled = 0, idPrefix = 'abj' } = options;
  requireCount('keys', keyCount, 1);
  requireCount('versionsPerKey', versionsPerKey, 1);
  requireCount('scheduled', scheduled, 0);
  if (options.organization && options.folderId !== undefined) throw new RangeError('generateSeed: give folderId or organization, not both');
  if (!/^[A-Za-z0-9]{0,30}$/.test(idPrefix)) throw new RangeError('generateSeed: idPrefix must be at most 30 Latin letters or digits');
  if (keyCount > 99_999_999 || versionsPerKey > 99_999_999)
    throw new RangeError('generateSeed: at most 99,999,999 keys and versions per key');
  const schedulable = keyCount * (versionsPerKey - 1);
  if (scheduled > schedulable) {
    throw new RangeError(`generateSeed: cannot schedule ${scheduled} versions: only ${schedulable} are not primary`);
  }
  const nowMs = (options.now ?? new Date()).getTime();
  const firstCreatedMs = nowMs - versionsPerKey * HOUR_MS;
  // Every key's v-th version has the same createdAt: one string each, shared, keeps big seeds lean.
  const createdAt = Array.from({ length: versionsPerKey }, (_, v) => formatTimestamp(firstCreatedMs + v * HOUR_MS));
  const clouds = options.organization ? generateClouds(options.organization, idPrefix, createdAt[0]!) : undefined;
  const folderIds = clouds ? clouds.flatMap((cloud) => cloud.folders!.map((folder) => folder.id)) : [options.folderId ?? DEFAULT_FOLDER_ID];

  const keys: SeedKey[] = [];
  for (let k = 0; k < keyCount; k++) {
    const keyId = `${idPrefix}k${pad(k + 1, 16)}`;
    const versions: SeedVersion[] = [];
    for (let v = 0; v < versionsPerKey; v++) {
      versions.push({
        id: `${idPrefix}v${pad(k + 1, 8)}${pad(v + 1, 8)}`,
        status: 'ACTIVE',
        algorithm: 'AES_256',
        createdAt: createdAt[v]!,
        primary: v === versionsPerKey - 1,
        hostedByHsm: false,
      });
    }
    const key: SeedKey = {
      id: keyId,
      folderId: folderIds[k % folderIds.length]!,
      name: `generated-key-${k + 1}`,
      description: '',
      labels: options.labels?.(k) ?? {},
      status: 'ACTIVE',
      defaultAlgorithm: 'AES_256',
      createdAt: versions[0]!.createdAt,
      deletionProtection: false,
      accessDenied: false,
      versions,
    };
    if (versionsPerKey > 1) key.rotatedAt = versions.at(-1)!.createdAt;
    keys.push(key);
  }

  // The s-th scheduled version goes to key s mod keys, oldest versions first; destroyAt grows with s
  // (whole seconds, `+ s` keeps them distinct), so the soonest destructions interleave the keys.
  for (let s = 0; s < scheduled; s++) {
    const version = keys[s % keyCount]!.versions[Math.floor(s / keyCount)]!;
    const offsetSeconds = Math.floor((s * DESTRUCTION_SPAN_MS) / scheduled / 1000) + s;
    version.status = 'SCHEDULED_FOR_DESTRUCTION';
    version.destroyAt = formatTimestamp(nowMs + FIRST_DESTRUCTION_MS + offsetSeconds * 1000);
    if (options.scheduledBy !== undefined) version.scheduledBy = options.scheduledBy;
  }
  return clouds ? { keys, clouds } : { keys };
}

function generateClouds(organization: GeneratedOrganization, idPrefix: string, createdAt: string): SeedCloudInput[] {
  requireCount('organization.clouds', organization.clouds, 1);
  requireCount('organization.foldersPerCloud', organization.foldersPerCloud, 1);
  if (organization.clouds > 99_999_999 || organization.foldersPerCloud > 99_999_999)
    throw new RangeError('generateSeed: at most 99,999,999 clouds and folders per cloud');
  const organizationId = organization.organizationId ?? DEFAULT_ORGANIZATION_ID;
  return Array.from({ length: organization.clouds }, (_, c) => ({
    id: `${idPrefix}c${pad(c + 1, 16)}`,
    organizationId,
    name: `generated-cloud-${c + 1}`,
    createdAt,
    folders: Array.from({ length: organization.foldersPerCloud }, (_, f) => ({
      id: `${idPrefix}f${pad(c + 1, 8)}${pad(f + 1, 8)}`,
      name: `generated-folder-${c + 1}-${f + 1}`,
      createdAt,
    })),
  }));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function requireCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`generateSeed: ${name} must be an integer >= ${min}`);
}
