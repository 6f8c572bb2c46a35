// The emulator's in-memory Resource Manager records: clouds and their folders (times as epoch milliseconds).
import { formatTimestamp } from './time-format.ts';
import type { FolderStatus, SeedCloudInput, SeedFolderInput } from './types.ts';

export interface FolderRecord {
  id: string;
  cloudId: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  status: FolderStatus;
  createdAtMs: number;
  accessDenied: boolean;
}

export interface CloudRecord {
  id: string;
  organizationId: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  createdAtMs: number;
  accessDenied: boolean;
  /** In list order: createdAt, then id. */
  folders: FolderRecord[];
}

/** The order the list methods use: oldest first, ties broken by id. */
export function compareCreated(a: { createdAtMs: number; id: string }, b: { createdAtMs: number; id: string }): number {
  return a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A cloud in the seed format, so state read from the emulator can be seeded again. */
export function toSeedCloud(cloud: CloudRecord): SeedCloudInput {
  return {
    id: cloud.id,
    organizationId: cloud.organizationId,
    name: cloud.name,
    ...(cloud.description ? { description: cloud.description } : {}),
    labels: { ...cloud.labels },
    createdAt: formatTimestamp(cloud.createdAtMs),
    accessDenied: cloud.accessDenied,
    folders: cloud.folders.map(toSeedFolder),
  };
}

function toSeedFolder(folder: FolderRecord): SeedFolderInput {
  return {
    id: folder.id,
    name: folder.name,
    ...(folder.description ? { description: folder.description } : {}),
    status: folder.status,
    labels: { ...folder.labels },
    createdAt: formatTimestamp(folder.createdAtMs),
    accessDenied: folder.accessDenied,
  };
}
