import { mapConcurrent } from '../concurrency.ts';
import { asGuardError } from '../errors/guard-error.ts';
import type { KmsClient } from '../kms/client.ts';
import type { Logger } from '../log.ts';
import { byDestroyAt, type ScheduledVersion, type SweepError, type SweepReport, scheduledEntry } from './report.ts';
import type { SweepScope } from './scope.ts';

export interface SweepOptions {
  concurrency: number;
  deadlineAt: number;
  log: Logger;
  /** Keys this says no to (ALLOWED_KEY_IDS) found in a folder are left out. */
  isKeyAllowed: (keyId: string) => boolean;
  now?: () => number;
}

/** A key is not started with less time than this left: its listing could not finish. */
const MIN_TIME_FOR_A_KEY_MS = 500;

/**
 * Reads every version of every key in scope, at most `concurrency` requests in flight, and reports the
 * versions scheduled for destruction. A key that fails is reported and the sweep goes on; keys there was
 * no time for are listed as not reached.
 */
export async function runSweep(kms: KmsClient, scope: SweepScope, options: SweepOptions): Promise<SweepReport> {
  const errors: SweepError[] = [];
  const keyIds = await keysInScope(kms, scope, options, errors);
  const scheduled: ScheduledVersion[] = [];
  const notReached: string[] = [];
  let keysScanned = 0;
  let versionsScanned = 0;
  await mapConcurrent(keyIds, options.concurrency, async (keyId) => {
    if (options.deadlineAt - Date.now() < MIN_TIME_FOR_A_KEY_MS) {
      notReached.push(keyId);
      return;
    }
    try {
      const versions = await kms.listAllVersions(keyId);
      keysScanned++;
      versionsScanned += versions.length;
      for (const version of versions) {
        if (version.status === 'SCHEDULED_FOR_DESTRUCTION') scheduled.push(scheduledEntry(keyId, version));
      }
    } catch (caught) {
      const error = asGuardError(caught);
      if (error.code === 'DEADLINE_EXCEEDED' && options.deadlineAt - Date.now() < MIN_TIME_FOR_A_KEY_MS) notReached.push(keyId);
      else errors.push({ keyId, code: error.code, message: error.description });
    }
  });
  scheduled.sort(byDestroyAt);
  const order = new Map(keyIds.map((id, i) => [id, i]));
  notReached.sort((a, b) => order.get(a)! - order.get(b)!);
  return {
    generatedAt: new Date(options.now?.() ?? Date.now()).toISOString(),
    scope: {
      keyIds: scope.keyIds,
      ...(scope.folderId ? { folderId: scope.folderId } : {}),
      ...(scope.label ? { label: `${scope.label.name}=${scope.label.value}` } : {}),
    },
    keysScanned,
    versionsScanned,
    scheduled,
    errors,
    notReached,
    complete: errors.length === 0 && notReached.length === 0,
    ...(scope.dryRun ? { dryRun: true } : {}),
  };
}

/** The named keys, then the folder's keys (carrying the label, when one is set), each once. */
async function keysInScope(kms: KmsClient, scope: SweepScope, options: SweepOptions, errors: SweepError[]): Promise<string[]> {
  const keyIds = new Set(scope.keyIds);
  if (scope.folderId) {
    try {
      const keys = await kms.listKeys(scope.folderId);
      let left = 0;
      for (const key of keys) {
        if (scope.label && key.labels?.[scope.label.name] !== scope.label.value) continue;
        if (!options.isKeyAllowed(key.id)) {
          left++;
          continue;
        }
        keyIds.add(key.id);
      }
      if (left > 0) options.log.info('folder keys outside ALLOWED_KEY_IDS left out', { folderId: scope.folderId, keys: left });
    } catch (caught) {
      const error = asGuardError(caught);
      errors.push({ folderId: scope.folderId, code: error.code, message: error.description });
    }
  }
  return [...keyIds];
}
