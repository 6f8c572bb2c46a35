import type { Invocation } from '../edge/invocation.ts';
import type { KeyFacts } from '../sweep/key-facts.ts';
import type { ScheduledVersion } from '../sweep/report.ts';
import { approvalOf } from './approvals.ts';
import { cancelBatch } from './cancel-batch.ts';
import { type CancelResult, type CancelTarget, type GuardSummary, summarizeGuard } from './outcomes.ts';
import type { ScheduledBy } from './scheduled-by.ts';

/** A version found scheduled for destruction, with what is known of who scheduled it and of its key. */
export interface ScheduledDestruction {
  target: CancelTarget;
  scheduledBy?: ScheduledBy;
  /** The key's labels (APPROVAL_LABEL), when known. */
  labels?: Readonly<Record<string, string>>;
}

/** What a sweep found scheduled, with what it knows of each key (its labels, for APPROVAL_LABEL). */
export function destructionsFound(entries: readonly ScheduledVersion[], keys: ReadonlyMap<string, KeyFacts>): ScheduledDestruction[] {
  return entries.map((entry) => ({
    target: { keyId: entry.keyId, versionId: entry.versionId },
    scheduledBy: entry.scheduledBy,
    labels: keys.get(entry.keyId)?.labels,
  }));
}

export interface GuardAnswer {
  results: CancelResult[];
  summary: GuardSummary;
}

/**
 * The guard's decision for each scheduled destruction: approved (honoured), would-cancel (a dry run),
 * or cancelled as far as KMS allows (waiting for each operation within the deadline). One result per
 * destruction, in order, each saying who scheduled it when known.
 */
export async function guardDestructions(
  invocation: Invocation,
  found: readonly ScheduledDestruction[],
  dryRun: boolean,
): Promise<GuardAnswer> {
  const decided: Array<CancelResult | undefined> = found.map(({ target, scheduledBy, labels }) => {
    const approval = approvalOf(invocation.config, target.versionId, scheduledBy?.subjectId, labels);
    if (approval) return { ...target, outcome: 'approved', approval };
    return dryRun ? { ...target, outcome: 'would-cancel' } : undefined;
  });
  const toCancel = found.filter((_, index) => decided[index] === undefined).map(({ target }) => target);
  const cancelled = (await cancelBatch(invocation, toCancel, true)).results;
  let next = 0;
  const results = found.map(({ scheduledBy }, index) => {
    const result = decided[index] ?? cancelled[next++]!;
    return scheduledBy ? { ...result, scheduledBy } : result;
  });
  return { results, summary: summarizeGuard(results) };
}
