import type { GuardError } from '../errors/guard-error.ts';
import type { Operation } from '../kms/schemas.ts';
import type { Logger } from '../log.ts';
import type { Approval } from './approvals.ts';
import type { OutcomeLogLine } from './outcomes.ts';
import type { ScheduledBy } from './scheduled-by.ts';

/** The key changes the real-time guard acts on, named as their audit events are. */
export type KeyChange = 'CreateSymmetricKey' | 'UpdateSymmetricKey' | 'DeleteSymmetricKey';

/**
 * What became of a key: its deletion protection turned on (`protected`), found on (`already-protected`),
 * not confirmed yet (`pending`), not turned on (`failed`), left off by approval (`approved`, also an
 * approved deletion), `would-protect` in a dry run, or the key `deleted` (nothing any API can undo).
 */
export type KeyOutcome = 'protected' | 'already-protected' | 'pending' | 'failed' | 'approved' | 'would-protect' | 'deleted';

export interface KeyResult {
  keyId: string;
  keyName?: string;
  folderId?: string;
  cloudId?: string;
  /** The change an audit event reported (real-time guard); absent for what a sweep found. */
  change?: KeyChange;
  outcome: KeyOutcome;
  operation?: Operation;
  /** Why protection was not turned on; it becomes the KMS error body only where the answer leaves the function. */
  error?: GuardError;
  /** 'lookup' when the operation could not be read and the key's own state told the outcome. */
  settledBy?: 'lookup';
  /** Who made the change the event reports (the same fields as a destruction's scheduledBy). */
  changedBy?: ScheduledBy;
  approval?: Approval;
  /** A deleted key: until when Yandex Cloud support can restore it (72 hours after the deletion). */
  restorableUntil?: string;
}

export interface KeySummary {
  protected: number;
  alreadyProtected: number;
  pending: number;
  failed: number;
  approved: number;
  wouldProtect: number;
  deleted: number;
}

/** What a guard sweep or an audit batch answers of keys, beside its versions' results. */
export interface KeyAnswer {
  keyResults: KeyResult[];
  keySummary: KeySummary;
}

const SUMMARY_FIELDS: Record<KeyOutcome, keyof KeySummary> = {
  protected: 'protected',
  'already-protected': 'alreadyProtected',
  pending: 'pending',
  failed: 'failed',
  approved: 'approved',
  'would-protect': 'wouldProtect',
  deleted: 'deleted',
};

export function summarizeKeys(results: readonly KeyResult[]): KeySummary {
  const summary: KeySummary = { protected: 0, alreadyProtected: 0, pending: 0, failed: 0, approved: 0, wouldProtect: 0, deleted: 0 };
  for (const { outcome } of results) summary[SUMMARY_FIELDS[outcome]]++;
  return summary;
}

/** Where a key lives, as a result names it: from a sweep's finding or an audit event. */
export function placeOf(key: {
  keyId: string;
  keyName?: string;
  folderId?: string;
  cloudId?: string;
}): Pick<KeyResult, 'keyId' | 'keyName' | 'folderId' | 'cloudId'> {
  return {
    keyId: key.keyId,
    ...(key.keyName ? { keyName: key.keyName } : {}),
    ...(key.folderId ? { folderId: key.folderId } : {}),
    ...(key.cloudId ? { cloudId: key.cloudId } : {}),
  };
}

export function keyFailed(keyId: string, error: GuardError, operation?: Operation): KeyResult {
  return { keyId, outcome: 'failed', ...(operation ? { operation } : {}), error };
}

// As for cancels: a key not protected is an ERROR naming the key, code and reason; one whose change is
// not confirmed yet is a WARN, never "protected". A deletion is an ERROR: nothing can undo it by API.
const LOG_LINES: Record<KeyOutcome, OutcomeLogLine<KeyResult>> = {
  protected: { level: 'info', msg: 'deletion protection turned on', fields: (r) => (r.settledBy ? { settledBy: r.settledBy } : {}) },
  'already-protected': { level: 'info', msg: 'deletion protection is on: nothing to do' },
  pending: {
    level: 'warn',
    msg: 'deletion protection not confirmed yet: the key is not protected until its operation is done',
    fields: (r) => ({ operationId: r.operation?.id }),
  },
  failed: {
    level: 'error',
    msg: 'could not turn deletion protection on',
    fields: (r) => ({ code: r.error?.code, reason: r.error?.description }),
  },
  approved: { level: 'info', msg: 'key left without deletion protection: approved', fields: (r) => ({ rule: r.approval?.rule }) },
  'would-protect': { level: 'info', msg: 'dry run: would turn deletion protection on' },
  deleted: {
    level: 'error',
    msg: 'key deleted: no API can undo it',
    fields: (r) => ({ restorableUntil: r.restorableUntil }),
  },
};

/** One line per result, at the level its outcome deserves. */
export function logKeyResult(log: Logger, result: KeyResult): void {
  const line = LOG_LINES[result.outcome];
  log[line.level](line.msg, {
    keyId: result.keyId,
    ...(result.keyName ? { keyName: result.keyName } : {}),
    ...(result.folderId ? { folderId: result.folderId } : {}),
    outcome: result.outcome,
    ...line.fields?.(result),
  });
}
