import type { GuardError } from '../errors/guard-error.ts';
import type { Operation, SymmetricKeyVersion } from '../kms/schemas.ts';
import type { Logger } from '../log.ts';
import type { ScheduledBy } from '../sweep/report.ts';
import type { Approval } from './approvals.ts';

export interface CancelTarget {
  keyId: string;
  versionId: string;
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

/**
 * One line per result, at the level its outcome deserves: a version not saved is an ERROR naming key,
 * version, code and reason; one whose cancel is not confirmed yet is a WARN, never "cancelled".
 */
export function logResult(log: Logger, result: CancelResult): void {
  const fields = { keyId: result.keyId, versionId: result.versionId, outcome: result.outcome };
  switch (result.outcome) {
    case 'cancelled':
      log.info('destruction cancelled', { ...fields, ...(result.settledBy ? { settledBy: result.settledBy } : {}) });
      return;
    case 'already-active':
      log.info('nothing to cancel: the version is active', fields);
      return;
    case 'pending':
      log.warn('cancel not confirmed yet: the version is not saved until its operation is done', {
        ...fields,
        operationId: result.operation?.id,
      });
      return;
    case 'approved':
      log.info('destruction approved: not cancelled', { ...fields, rule: result.approval?.rule });
      return;
    case 'would-cancel':
      log.info('dry run: would cancel destruction', fields);
      return;
    case 'failed':
      log.error('could not cancel destruction', {
        ...fields,
        code: result.error?.code,
        reason: result.error?.description,
      });
  }
}
