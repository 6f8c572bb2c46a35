import { mapConcurrent } from '../concurrency.ts';
import { asGuardError } from '../errors/guard-error.ts';
import type { Operation } from '../kms/schemas.ts';
import type { KeyFacts } from './key-facts.ts';
import type { ScheduledVersion, SweepError } from './report.ts';
import type { SweepDeps } from './sweep.ts';

const SCHEDULE_METADATA = 'ScheduleSymmetricKeyVersionDestructionMetadata';

/** Attribution is not started with less time than this left: the cancels that follow need it more. */
const MIN_TIME_FOR_ATTRIBUTION_MS = 1_000;

/**
 * For each key with a version scheduled for destruction: who scheduled it (the schedule operation's
 * `createdBy`, from the key's operations), and where the key lives (as the sweep read it). What cannot be
 * read becomes a warning; nothing is guessed.
 */
export async function attribute(
  scheduled: ScheduledVersion[],
  keys: ReadonlyMap<string, KeyFacts>,
  deps: SweepDeps,
): Promise<SweepError[]> {
  const byKey = new Map<string, ScheduledVersion[]>();
  for (const entry of scheduled) {
    const entries = byKey.get(entry.keyId) ?? [];
    entries.push(entry);
    byKey.set(entry.keyId, entries);
  }
  const warnings: SweepError[] = [];
  await mapConcurrent([...byKey], deps.concurrency, async ([keyId, entries]) => {
    if (deps.deadlineAt - Date.now() < MIN_TIME_FOR_ATTRIBUTION_MS) {
      warnings.push({ keyId, code: 'DEADLINE_EXCEEDED', message: 'who scheduled its versions was not read: no time left' });
    } else {
      await readSchedulers(keyId, entries, deps, warnings);
    }
  });
  for (const [keyId, entries] of byKey) {
    const facts = keys.get(keyId) ?? {};
    for (const entry of entries) {
      if (facts.folderId) entry.folderId = facts.folderId;
      if (facts.cloudId) entry.cloudId = facts.cloudId;
    }
  }
  return warnings;
}

/** versionId → who started its newest schedule operation that did not fail. */
function schedulersOf(operations: Operation[]): Map<string, string> {
  const newest = new Map<string, { at: number; by: string }>();
  for (const operation of operations) {
    const metadata = operation.metadata as { '@type'?: unknown; versionId?: unknown; destroyAt?: unknown } | undefined;
    const type = typeof metadata?.['@type'] === 'string' ? metadata['@type'] : '';
    const isSchedule = type.endsWith(SCHEDULE_METADATA) || (type === '' && metadata?.destroyAt !== undefined);
    if (!isSchedule || operation.error || typeof metadata?.versionId !== 'string' || !operation.createdBy) continue;
    const at = Date.parse(operation.createdAt ?? '') || 0;
    const seen = newest.get(metadata.versionId);
    if (!seen || at >= seen.at) newest.set(metadata.versionId, { at, by: operation.createdBy });
  }
  return new Map([...newest].map(([versionId, { by }]) => [versionId, by]));
}

async function readSchedulers(keyId: string, entries: ScheduledVersion[], deps: SweepDeps, warnings: SweepError[]): Promise<void> {
  try {
    const schedulers = schedulersOf(await deps.kms.listOperations(keyId));
    for (const entry of entries) {
      const subjectId = schedulers.get(entry.versionId);
      if (subjectId) entry.scheduledBy = { subjectId };
    }
  } catch (caught) {
    const error = asGuardError(caught);
    warnings.push({ keyId, code: error.code, message: `who scheduled its versions was not read: ${error.description}` });
  }
}
