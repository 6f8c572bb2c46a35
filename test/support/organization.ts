// A small organization for the sweeps' organization-wide scope: two clouds of ORG (one with a folder
// being deleted and one pending deletion), a cloud of another organization, a folder no seeded cloud
// holds, and a named key in a folder of its own. Counts below are what a sweep of each part must find.
import { after, before, beforeEach } from 'node:test';
import type { Emulator, SeedData } from '../../local/emulator/index.ts';
import { cleanEnv, setEnv, startKms } from './kms.ts';
import { keyWith } from './seed.ts';

export const ORG = 'bpfscopeorg00000001';
const OTHER_ORG = 'bpfotherorg00000001';
export const CLOUD_A = 'b1gscopecloudA00001';
export const CLOUD_B = 'b1gscopecloudB00001';
export const CLOUD_C = 'b1gscopecloudC00001';
export const FA1 = 'b1gfolderA100000001';
export const FA2 = 'b1gfolderA200000001';
export const FA_DELETING = 'b1gfolderA300000001';
export const FA_PENDING = 'b1gfolderA400000001';
export const FB1 = 'b1gfolderB100000001';
export const FC1 = 'b1gfolderC100000001';
/** A folder no seeded cloud holds. */
export const FL = 'b1gfolderloose00001';
/** The folder of the named key KN; no cloud holds it and no scope names it. */
export const FX = 'b1gfoldernamed00001';

export const KA1 = 'abjkeyA1labelled001';
export const KA1_PLAIN = 'abjkeyA1plain000001';
export const KA2 = 'abjkeyA2labelled001';
export const KA_DELETING = 'abjkeyA3deleting001';
export const KA_PENDING = 'abjkeyA4pending0001';
export const KB1 = 'abjkeyB1labeloff001';
export const KC1 = 'abjkeyC1000000000001';
export const KL = 'abjkeyloose00000001';
export const KN = 'abjkeynamed00000001';

/** The label PROTECT_LABEL names in these tests: KA1, KA2 and KL carry it, KB1 carries guard=off. */
export const GUARD_LABEL = 'guard=on';
const on = { guard: 'on' };

/**
 * Versions per key: the primary, `active` more and `scheduled` scheduled ones, so
 * KA1 3 (1 scheduled), KA1_PLAIN 2 (none), KA2 3 (2 scheduled), KB1 2, KC1 2, KL 2, KN 4 (1 scheduled each).
 */
export function organizationSeed(now = Date.now()): SeedData {
  return {
    clouds: [
      {
        id: CLOUD_A,
        organizationId: ORG,
        createdAt: '2025-01-01T00:00:00Z',
        folders: [{ id: FA1 }, { id: FA2 }, { id: FA_DELETING, status: 'DELETING' }, { id: FA_PENDING, status: 'PENDING_DELETION' }],
      },
      { id: CLOUD_B, organizationId: ORG, createdAt: '2025-01-02T00:00:00Z', folders: [{ id: FB1 }] },
      { id: CLOUD_C, organizationId: OTHER_ORG, createdAt: '2025-01-03T00:00:00Z', folders: [{ id: FC1 }] },
    ],
    keys: [
      keyWith(KA1, { folderId: FA1, active: 1, scheduled: 1, labels: on }, now),
      keyWith(KA1_PLAIN, { folderId: FA1, active: 1 }, now),
      keyWith(KA2, { folderId: FA2, scheduled: 2, labels: on }, now),
      keyWith(KA_DELETING, { folderId: FA_DELETING, scheduled: 1, labels: on }, now),
      keyWith(KA_PENDING, { folderId: FA_PENDING, scheduled: 1, labels: on }, now),
      keyWith(KB1, { folderId: FB1, scheduled: 1, labels: { guard: 'off' } }, now),
      keyWith(KC1, { folderId: FC1, scheduled: 1, labels: on }, now),
      keyWith(KL, { folderId: FL, scheduled: 1, labels: on }, now),
      keyWith(KN, { folderId: FX, active: 2, scheduled: 1 }, now),
    ],
  };
}

/** How many requests each key's ListVersions, each folder's List and each cloud's ListFolders got. */
export function listingCounts(emulator: Emulator): Record<string, number> {
  const counts: Record<string, number> = {};
  const bump = (name: string) => {
    counts[name] = (counts[name] ?? 0) + 1;
  };
  for (const entry of emulator.requests) {
    if (entry.route === 'listVersions' && entry.keyId && !entry.query.pageToken) bump(`key ${entry.keyId}`);
    if (entry.route === 'list' && entry.query.folderId && !entry.query.pageToken) bump(`folder ${entry.query.folderId}`);
    if (entry.route === 'listFolders' && entry.query.cloudId && !entry.query.pageToken) bump(`cloud ${entry.query.cloudId}`);
    if (entry.route === 'listClouds' && !entry.query.pageToken) bump(`organization ${entry.query.organizationId ?? ''}`);
  }
  return counts;
}

/**
 * The hooks of a file of organization tests: one emulator for the file, and before each test the
 * organization seed, no faults, an empty request log and a clean environment (one attempt per request).
 */
export function useOrganizationEmulator(started: (kms: Emulator) => void): void {
  let kms: Emulator;
  let restoreEnv: () => void;
  before(async () => {
    kms = await startKms();
    started(kms);
    restoreEnv = setEnv(cleanEnv(kms, { KMS_MAX_ATTEMPTS: '1' }));
  });
  beforeEach(() => {
    kms.clock.set(new Date());
    kms.seed(organizationSeed());
    kms.faults.clear();
    kms.clearRequests();
    setEnv(cleanEnv(kms, { KMS_MAX_ATTEMPTS: '1' }));
  });
  after(async () => {
    restoreEnv();
    await kms.close();
  });
}
