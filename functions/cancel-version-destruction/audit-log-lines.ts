import type { ScheduleEvent } from '../../shared/edge/audit-event.ts';
import type { Invocation } from '../../shared/edge/invocation.ts';
import { type KeyResult, logKeyResult } from '../../shared/guard/key-outcomes.ts';
import { type CancelResult, logResult } from '../../shared/guard/outcomes.ts';
import { actorOf, type ScheduledBy } from '../../shared/guard/scheduled-by.ts';

/** Longer text from an event is cut in a log line, so the line stays one structured record (under 64 KiB) whatever the event holds. */
const MAX_LOGGED_TEXT = 500;

export function clipped(text: string | undefined): string | undefined {
  return text !== undefined && text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT)}…` : text;
}

function whoOf(actor: ScheduledBy | undefined): string {
  return clipped(actor?.subjectName ?? actor?.subjectId) ?? 'an unknown subject';
}

function actorFields(actor: ScheduledBy | undefined): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(actor ?? {}).map(([field, value]) => [field, clipped(value)]));
}

/** One WARN line per scheduled destruction: who, from where, and what the guard did about it. */
export function logDestruction(invocation: Invocation, event: ScheduleEvent, result: CancelResult): void {
  invocation.log.warn(`key version destruction scheduled by ${whoOf(event)}: ${result.outcome}`, {
    keyId: event.keyId,
    versionId: event.versionId,
    destroyAt: clipped(event.destroyAt),
    outcome: result.outcome,
    ...(result.approval ? { approvedBy: result.approval.rule } : {}),
    ...actorFields(actorOf(event)),
  });
  if (result.outcome === 'failed' || result.outcome === 'pending') logResult(invocation.log, result);
}

/**
 * One line per key change: a deletion is an ERROR that pages (who, from where, until when support can
 * restore the key), an approved one a WARN; a key left without deletion protection is a WARN that says
 * who and what the guard did; a change that left protection on is INFO.
 */
export function logKeyChange(invocation: Invocation, result: KeyResult): void {
  const who = whoOf(result.changedBy);
  const key = clipped(result.keyName) ?? result.keyId;
  const fields = {
    keyId: result.keyId,
    ...(result.keyName ? { keyName: clipped(result.keyName) } : {}),
    ...(result.folderId ? { folderId: result.folderId } : {}),
    ...(result.cloudId ? { cloudId: result.cloudId } : {}),
    change: result.change,
    outcome: result.outcome,
    ...(result.approval ? { approvedBy: result.approval.rule } : {}),
    ...(result.restorableUntil ? { restorableUntil: result.restorableUntil } : {}),
    ...actorFields(result.changedBy),
  };
  const { log } = invocation;
  if (result.change === 'DeleteSymmetricKey') {
    if (result.outcome === 'approved') log.warn(`key ${key} deleted by ${who}: approved`, fields);
    else
      log.error(
        `key ${key} deleted by ${who}: every version will be destroyed and no API can undo it; Yandex Cloud support can restore the key until ${result.restorableUntil}`,
        fields,
      );
    return;
  }
  if (result.outcome === 'already-protected') {
    log.info(`key ${key} ${result.change === 'CreateSymmetricKey' ? 'created' : 'updated'} by ${who}: deletion protection is on`, fields);
    return;
  }
  const what =
    result.change === 'CreateSymmetricKey'
      ? `key ${key} created without deletion protection`
      : `deletion protection of key ${key} turned off`;
  log.warn(`${what} by ${who}: ${result.outcome}`, fields);
  if (result.outcome === 'failed' || result.outcome === 'pending') logKeyResult(log, result);
}
