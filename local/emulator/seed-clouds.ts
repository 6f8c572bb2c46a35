// Turns the clouds of checked seed data into Resource Manager records: fills in defaults and keeps
// cloud and folder IDs unique, as the real service does.
import { type CloudRecord, compareCreated, type FolderRecord } from './resource-records.ts';
import { claimSeedId, SEEDED_AGE_MS } from './seed-schema.ts';
import { parseOptionalTimestamp } from './time-format.ts';
import type { SeedCloudInput, SeedFolderInput } from './types.ts';

export const DEFAULT_ORGANIZATION_ID = 'bpfemulatororg000001';
/** The cloud audit events name for a folder no seeded cloud holds. */
export const DEFAULT_CLOUD_ID = 'b1gemulatorcloud0001';

export function normalizeClouds(inputs: SeedCloudInput[], nowMs: number): CloudRecord[] {
  const cloudPaths = new Map<string, string>();
  const folderPaths = new Map<string, string>();
  return inputs.map((input, cloudIndex) => {
    const path = `clouds[${cloudIndex}]`;
    claimSeedId(cloudPaths, 'cloud', input.id, path);
    const folders = (input.folders ?? []).map((folder, folderIndex) => {
      const folderPath = `${path}.folders[${folderIndex}]`;
      claimSeedId(folderPaths, 'folder', folder.id, folderPath);
      return normalizeFolder(folder, input.id, nowMs);
    });
    return {
      id: input.id,
      organizationId: input.organizationId ?? DEFAULT_ORGANIZATION_ID,
      // Names are required by the API; a seed may leave them out, and then the ID stands in.
      name: input.name ?? input.id.toLowerCase(),
      description: input.description ?? '',
      labels: { ...input.labels },
      createdAtMs: parseOptionalTimestamp(input.createdAt) ?? nowMs - SEEDED_AGE_MS,
      accessDenied: input.accessDenied ?? false,
      folders: folders.sort(compareCreated),
    };
  });
}

function normalizeFolder(input: SeedFolderInput, cloudId: string, nowMs: number): FolderRecord {
  return {
    id: input.id,
    cloudId,
    name: input.name ?? input.id.toLowerCase(),
    description: input.description ?? '',
    labels: { ...input.labels },
    status: input.status ?? 'ACTIVE',
    createdAtMs: parseOptionalTimestamp(input.createdAt) ?? nowMs - SEEDED_AGE_MS,
    accessDenied: input.accessDenied ?? false,
  };
}
