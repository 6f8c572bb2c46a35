import { WorkPool } from '../concurrency.ts';
import type { ResourceManagerClient } from '../discovery/resource-manager.ts';
import { asGuardError, type GuardError } from '../errors/guard-error.ts';
import type { Approval } from '../guard/approvals.ts';
import type { KmsClient } from '../kms/client.ts';
import type { SymmetricKey } from '../kms/schemas.ts';
import type { Logger } from '../log.ts';
import { attribute } from './attribution.ts';
import { factsOf, type KeyFacts } from './key-facts.ts';
import {
  byDestroyAt,
  type ResourceRef,
  type ScheduledVersion,
  type SweepError,
  type SweepReport,
  scheduledEntry,
  type UnprotectedKey,
} from './report.ts';
import { carriesLabel, labelText, type SweepScope } from './scope.ts';

export interface SweepDeps {
  kms: KmsClient;
  resourceManager: ResourceManagerClient;
  concurrency: number;
  deadlineAt: number;
  log: Logger;
  /** Keys this says no to (ALLOWED_KEY_IDS) found in folders are left out. */
  isKeyAllowed: (keyId: string) => boolean;
  /** Whether a key may stay without deletion protection (DELETION_APPROVAL_LABEL), by its labels. */
  deletionApproval: (labels: Readonly<Record<string, string>>) => Approval | undefined;
  now?: () => number;
}

export interface SweepResult {
  report: SweepReport;
  keys: ReadonlyMap<string, KeyFacts>;
}

/** Nothing is started with less time than this left: its listing could not finish. */
const MIN_TIME_FOR_A_LISTING_MS = 500;

/**
 * Reads every version of every key in scope and reports the versions scheduled for destruction, and the
 * keys without deletion protection. The organization's clouds, each cloud's folders, each folder's keys
 * and each key's versions are listed as they are found, all sharing one pool of `concurrency` listings
 * and the deadline. A key found in a folder comes with its deletion protection (List has it); a named
 * key is read with Get. What fails is named in `errors` and the sweep goes on; what the deadline cut
 * off is named in `notReached`.
 */
export async function runSweep(scope: SweepScope, deps: SweepDeps): Promise<SweepResult> {
  const state = new SweepState(deps);
  const pool = new WorkPool(deps.concurrency);
  const start = (ref: ResourceRef, work: () => Promise<void>) => pool.add(() => state.attempt(ref, work));

  const sweepKey = (keyId: string, facts: KeyFacts) => {
    if (!state.claim('key', keyId)) return;
    state.keys.set(keyId, facts);
    start({ keyId }, async () => {
      const versions = await deps.kms.listAllVersions(keyId);
      state.keysScanned++;
      state.versionsScanned += versions.length;
      for (const version of versions) {
        if (version.status === 'SCHEDULED_FOR_DESTRUCTION') state.scheduled.push(scheduledEntry(keyId, version));
      }
    });
    // A named key was not listed: its folder, labels and deletion protection come from Get. One that
    // cannot be read is a warning: its versions are what the sweep must read, and they were.
    if (facts.deletionProtection === undefined) {
      pool.add(async () => {
        if (state.timeLeft() < MIN_TIME_FOR_A_LISTING_MS) return state.warn(keyId, 'DEADLINE_EXCEEDED', 'no time left');
        try {
          Object.assign(facts, factsOf(await deps.kms.getKey(keyId)));
        } catch (caught) {
          const error = asGuardError(caught);
          state.warn(keyId, error.code, error.description);
        }
      });
    }
  };
  const sweepFolder = (folderId: string, cloudId?: string) => {
    if (!state.claim('folder', folderId)) return;
    start({ folderId }, async () => {
      const keys = await deps.kms.listKeys(folderId);
      state.foldersScanned++;
      for (const key of keys) if (state.keeps(key, scope)) sweepKey(key.id, factsOf(key, cloudId));
    });
  };
  const sweepCloud = (cloudId: string) => {
    if (!state.claim('cloud', cloudId)) return;
    start({ cloudId }, async () => {
      const folders = await deps.resourceManager.listFolders(cloudId);
      state.cloudsScanned++;
      for (const folder of folders) {
        if (folder.status === undefined || folder.status === 'ACTIVE') sweepFolder(folder.id, cloudId);
        else state.foldersSkipped++;
      }
    });
  };

  for (const keyId of scope.keyIds) sweepKey(keyId, {});
  for (const folderId of scope.folderIds) sweepFolder(folderId);
  for (const cloudId of scope.cloudIds) sweepCloud(cloudId);
  if (scope.organizationId) {
    const organizationId = scope.organizationId;
    start({ organizationId }, async () => {
      for (const cloud of await deps.resourceManager.listClouds(organizationId)) sweepCloud(cloud.id);
    });
  }
  await pool.drained();
  if (state.leftOut > 0) deps.log.info('keys outside ALLOWED_KEY_IDS left out', { keys: state.leftOut });

  state.scheduled.sort(byDestroyAt);
  state.warnings.push(...(await attribute(state.scheduled, state.keys, deps)));
  return { report: state.report(scope), keys: state.keys };
}

/** What a sweep has found so far, and what it has started, so nothing is read twice. */
class SweepState {
  readonly scheduled: ScheduledVersion[] = [];
  readonly errors: SweepError[] = [];
  readonly notReached: ResourceRef[] = [];
  /** What was read only in part: a named key's own record, who scheduled a key's versions. */
  readonly warnings: SweepError[] = [];
  readonly keys = new Map<string, KeyFacts>();
  private readonly claimed = new Set<string>();
  cloudsScanned = 0;
  foldersScanned = 0;
  foldersSkipped = 0;
  keysScanned = 0;
  versionsScanned = 0;
  leftOut = 0;

  constructor(private readonly deps: SweepDeps) {}

  /** True the first time a resource is reached: a key (or folder, cloud) reached twice is swept once. */
  claim(kind: string, id: string): boolean {
    const name = `${kind}/${id}`;
    if (this.claimed.has(name)) return false;
    this.claimed.add(name);
    return true;
  }

  /** A key found in a folder is swept when it carries PROTECT_LABEL (if set) and ALLOWED_KEY_IDS allows it. */
  keeps(key: SymmetricKey, scope: SweepScope): boolean {
    if (scope.label && !carriesLabel(key.labels, scope.label)) return false;
    if (this.deps.isKeyAllowed(key.id)) return true;
    this.leftOut++;
    return false;
  }

  /** Runs one listing unless the deadline is too near; a failure is recorded, never thrown. */
  async attempt(ref: ResourceRef, work: () => Promise<void>): Promise<void> {
    if (this.timeLeft() < MIN_TIME_FOR_A_LISTING_MS) {
      this.notReached.push(ref);
      return;
    }
    try {
      await work();
    } catch (caught) {
      const error: GuardError = asGuardError(caught);
      if (error.code === 'DEADLINE_EXCEEDED' && this.timeLeft() < MIN_TIME_FOR_A_LISTING_MS) this.notReached.push(ref);
      else this.errors.push({ ...ref, code: error.code, message: error.description });
    }
  }

  /** A named key whose own record (Get) was not read: where it lives and its deletion protection are unknown. */
  warn(keyId: string, code: string, reason: string): void {
    this.warnings.push({ keyId, code, message: `the key's folder, labels and deletion protection were not read: ${reason}` });
  }

  report(scope: SweepScope): SweepReport {
    return {
      generatedAt: new Date(this.deps.now?.() ?? Date.now()).toISOString(),
      scope: {
        keyIds: scope.keyIds,
        ...(scope.folderIds.length > 0 ? { folderIds: scope.folderIds } : {}),
        ...(scope.cloudIds.length > 0 ? { cloudIds: scope.cloudIds } : {}),
        ...(scope.organizationId ? { organizationId: scope.organizationId } : {}),
        ...(scope.label ? { label: labelText(scope.label) } : {}),
      },
      cloudsScanned: this.cloudsScanned,
      foldersScanned: this.foldersScanned,
      foldersSkipped: this.foldersSkipped,
      keysScanned: this.keysScanned,
      versionsScanned: this.versionsScanned,
      scheduled: this.scheduled,
      unprotectedKeys: this.unprotectedKeys(),
      errors: this.errors,
      warnings: this.warnings,
      notReached: this.notReached,
      complete: this.errors.length === 0 && this.notReached.length === 0,
      ...(scope.dryRun ? { dryRun: true } : {}),
    };
  }

  /** Every key read whose deletion protection is off, by folder then key, approved ones marked. */
  private unprotectedKeys(): UnprotectedKey[] {
    const found: UnprotectedKey[] = [];
    for (const [keyId, facts] of this.keys) {
      if (facts.deletionProtection !== false || !facts.folderId) continue;
      const approval = this.deps.deletionApproval(facts.labels ?? {});
      found.push({
        keyId,
        ...(facts.name ? { keyName: facts.name } : {}),
        folderId: facts.folderId,
        ...(facts.cloudId ? { cloudId: facts.cloudId } : {}),
        ...(approval ? { approval } : {}),
      });
    }
    return found.sort((a, b) => a.folderId.localeCompare(b.folderId) || a.keyId.localeCompare(b.keyId));
  }

  timeLeft(): number {
    return this.deps.deadlineAt - Date.now();
  }
}
