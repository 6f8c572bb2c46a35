import { mapConcurrent } from '../concurrency.ts';
import type { KeyEvent } from '../edge/audit-event.ts';
import type { Invocation } from '../edge/invocation.ts';
import { asGuardError, GuardError } from '../errors/guard-error.ts';
import type { SymmetricKey } from '../kms/schemas.ts';
import { deletionApprovalOf } from './approvals.ts';
import { type KeyAnswer, type KeyResult, keyFailed, placeOf, summarizeKeys } from './key-outcomes.ts';
import { outOfTime, protectKey } from './protect-key.ts';
import { actorOf } from './scheduled-by.ts';

/** Yandex Cloud support can restore a deleted key for this long after its deletion; no API can. */
const RESTORE_WINDOW_MS = 72 * 3_600_000;

/**
 * The real-time guard's part for keys, one result per event, in order:
 * - a deletion cannot be undone by any API: `deleted` (or `approved`), with until when support can restore it;
 * - a key created or updated without deletion protection is protected again at once, unless approved
 *   (DELETION_APPROVAL_LABEL on the key as it is now, or the subject in APPROVED_SUBJECT_IDS). Whether an
 *   update's details show the key before or after the change is not documented, so an update is always
 *   confirmed with one Get; a creation that says it is protected is believed.
 * The caller passes Create and Update events only with ENFORCE_DELETION_PROTECTION=true.
 */
export async function guardKeyChanges(invocation: Invocation, events: readonly KeyEvent[], dryRun: boolean): Promise<KeyAnswer> {
  const keyResults = await mapConcurrent(events, invocation.config.sweepConcurrency, async (event) => {
    const result = event.change === 'DeleteSymmetricKey' ? deletion(invocation, event) : await protection(invocation, event, dryRun);
    return { ...placeOf(event), ...result, change: event.change, changedBy: actorOf(event) };
  });
  return { keyResults, keySummary: summarizeKeys(keyResults) };
}

function deletion(invocation: Invocation, event: KeyEvent): KeyResult {
  const deletedAtMs = Date.parse(event.eventTime ?? '');
  const restorableUntil = new Date((Number.isFinite(deletedAtMs) ? deletedAtMs : Date.now()) + RESTORE_WINDOW_MS).toISOString();
  const approval = deletionApprovalOf(invocation.config, event.subjectId, event.labels);
  return approval
    ? { keyId: event.keyId, outcome: 'approved', approval, restorableUntil }
    : { keyId: event.keyId, outcome: 'deleted', restorableUntil };
}

async function protection(invocation: Invocation, event: KeyEvent, dryRun: boolean): Promise<KeyResult> {
  const { config, kms } = invocation;
  const bySubject = deletionApprovalOf(config, event.subjectId, undefined);
  if (bySubject) return { keyId: event.keyId, outcome: 'approved', approval: bySubject };
  if (event.change === 'CreateSymmetricKey' && event.deletionProtection === true)
    return { keyId: event.keyId, outcome: 'already-protected' };
  const late = outOfTime(invocation, event.keyId);
  if (late) return late;
  let current: SymmetricKey;
  try {
    current = await kms.getKey(event.keyId);
  } catch (caught) {
    const error = asGuardError(caught);
    return keyFailed(
      event.keyId,
      new GuardError(error.code, `the key could not be read: ${error.description}`, { retryable: error.retryable }),
    );
  }
  if (current.deletionProtection === true) return { keyId: event.keyId, outcome: 'already-protected' };
  const byLabel = deletionApprovalOf(config, undefined, current.labels ?? {});
  if (byLabel) return { keyId: event.keyId, outcome: 'approved', approval: byLabel };
  if (dryRun) return { keyId: event.keyId, outcome: 'would-protect' };
  return protectKey(kms, event.keyId, invocation.deadlineAt);
}
