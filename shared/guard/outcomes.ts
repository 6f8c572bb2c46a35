import type { GuardError } from '../errors/guard-error.ts';
import type { Operation, SymmetricKeyVersion } from '../kms/schemas.ts';
import type { Logger } from '../log.ts';
import type { Approval } from './approvals.ts';
import type { ScheduledBy } from './scheduled-by.ts';

export interface CancelTarget {
  keyId: string;
  versionId: string;
}

/** One string per key and version, for telling repeats apart. */
export function targetKey(target: CancelTarget): string {
  return `${target.keyId}/${target.versionId}`;
}

export type Outcome = 'cancelled' | 'pending' | 'already-active' | 'failed' | 'approved' | 'would-cancel';

export interface CancelResult extends CancelTarget {
  outcome: Outcome;
  operation?: Operation;
  version?: SymmetricKeyVersion;
  /** Why a cancel failed; it becomes the KMS error body only where the answer leaves the function. */
  error?: GuardError;
  /** 'lookup' when an answer was lost and the outcome was read from the version's state instead. */
  settledBy?: 'lookup';
  /** Who scheduled the destruction, when the event or KMS says so. */
  scheduledBy?: ScheduledBy;
  /** With outcome `approved`: the rule that approved the destruction. */
  approval?: Approval;
}

export interface CancelSummary {
  cancelled: number;
  pending: number;
  alreadyActive: number;
  failed: number;
}

/** Where destructions may be approved or a dry run asked for (audit events, the guard sweep). */
export interface GuardSummary extends CancelSummary {
  approved: number;
  wouldCancel: number;
}

export function failed(target: CancelTarget, error: GuardError, operation?: Operation): CancelResult {
  return { keyId: target.keyId, versionId: target.versionId, outcome: 'failed', ...(operation ? { operation } : {}), error };
}

export function summarize(results: readonly CancelResult[]): CancelSummary {
  const { approved: _approved, wouldCancel: _wouldCancel, ...summary } = summarizeGuard(results);
  return summary;
}

export function summarizeGuard(results: readonly CancelResult[]): GuardSummary {
  const summary: GuardSummary = { cancelled: 0, pending: 0, alreadyActive: 0, failed: 0, approved: 0, wouldCancel: 0 };
  for (const { outcome } of results) {
    if (outcome === 'already-active') summary.alreadyActive++;
    else if (outcome === 'would-cancel') summary.wouldCancel++;
    else summary[outcome]++;
  }
  return summary;
}

/** How a result of some outcome is logged: its level, its message, and the fields it adds. */
export interface OutcomeLogLine<R> {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields?: (result: R) => Record<string, unknown>;
}

// A version not saved is an ERROR naming key, version, code and reason; one whose cancel is not
// confirmed yet is a WARN, never "cancelled".
const LOG_LINES: Record<Outcome, OutcomeLogLine<CancelResult>> = {
  cancelled: { level: 'info', msg: 'destruction cancelled', fields: (r) => (r.settledBy ? { settledBy: r.settledBy } : {}) },
  'already-active': { level: 'info', msg: 'nothing to cancel: the version is active' },
  pending: {
    level: 'warn',
    msg: 'cancel not confirmed yet: the version is not saved until its operation is done',
    fields: (r) => ({ operationId: r.operation?.id }),
  },
  approved: { level: 'info', msg: 'destruction approved: not cancelled', fields: (r) => ({ rule: r.approval?.rule }) },
  'would-cancel': { level: 'info', msg: 'dry run: would cancel destruction' },
  failed: { level: 'error', msg: 'could not cancel destruction', fields: (r) => ({ code: r.error?.code, reason: r.error?.description }) },
};

/** One line per result, at the level its outcome deserves. */
export function logResult(log: Logger, result: CancelResult): void {
  const line = LOG_LINES[result.outcome];
  log[line.level](line.msg, { keyId: result.keyId, versionId: result.versionId, outcome: result.outcome, ...line.fields?.(result) });
}
