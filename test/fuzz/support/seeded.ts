import { DEFAULT_FOLDER_ID, generateSeed, type SeedData } from '../../../local/emulator/index.ts';

/** What the emulator holds for the fuzz runs: a few small keys, some versions scheduled for destruction. */
export interface Seeded {
  data: SeedData;
  folderId: string;
  keys: string[];
  pairs: Array<{ keyId: string; versionId: string }>;
  versionIds: string[];
  /** KMS_KEY_IDS: what a timer sweep covers when its payload names nothing. */
  sweepKeys: string[];
}

export function seeded(): Seeded {
  const data = generateSeed({ keys: 4, versionsPerKey: 4, scheduled: 6, idPrefix: 'fz', now: new Date() });
  const keys = data.keys.map((key) => key.id);
  const pairs = data.keys.flatMap((key) => (key.versions ?? []).map((version) => ({ keyId: key.id, versionId: version.id })));
  return {
    data,
    folderId: data.keys[0]!.folderId ?? DEFAULT_FOLDER_ID,
    keys,
    pairs,
    versionIds: pairs.map((pair) => pair.versionId),
    sweepKeys: keys.slice(0, 2),
  };
}
