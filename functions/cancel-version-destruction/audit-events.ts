import { isKeyAllowed } from '../../shared/access.ts';
import type { AuditItem, KeyEvent, ScheduleEvent } from '../../shared/edge/audit-event.ts';
import type { Invocation } from '../../shared/edge/invocation.ts';
import { GuardError } from '../../shared/errors/guard-error.ts';
import { needsRedelivery } from '../../shared/errors/passing.ts';
import { outOfScope } from '../../shared/guard/event-scope.ts';
import { type GuardAnswer, guardDestructions, type ScheduledDestruction } from '../../shared/guard/guard-versions.ts';
import { guardKeyChanges } from '../../shared/guard/key-changes.ts';
import type { KeyAnswer } from '../../shared/guard/key-outcomes.ts';
import { targetKey } from '../../shared/guard/outcomes.ts';
import { actorOf } from '../../shared/guard/scheduled-by.ts';
import { recordDryRun, recordKeyOutcomes, recordOutcomes } from '../../shared/metrics/figures.ts';
import { clipped, logDestruction, logKeyChange } from './audit-log-lines.ts';

export interface AuditAnswer extends GuardAnswer, KeyAnswer {
  /** Records not acted on: other events, changes not done yet, keys out of scope, repeats. */
  ignored: number;
  /** Records that claim to be an event the guard acts on but cannot be read: logged, never retried. */
  poison: number;
}

/** The events of one batch the guard acts on: one per version scheduled, one per key changed. */
interface Found {
  destructions: Map<string, { event: ScheduleEvent; destruction: ScheduledDestruction }>;
  keyChanges: Map<string, KeyEvent>;
}

/**
 * The real-time guard, for each event that happened (status DONE) to a key in scope:
 * - ScheduleSymmetricKeyVersionDestruction: cancelled at once unless approved;
 * - DeleteSymmetricKey: nothing can undo it, so an ERROR line pages at once with who and until when
 *   support can restore the key;
 * - CreateSymmetricKey and UpdateSymmetricKey (ENFORCE_DELETION_PROTECTION=true): a key left without
 *   deletion protection is protected again, unless approved.
 * Every result says who made the change. From a Cloud Logging trigger, a batch with an item that may
 * pass on retry (pending, or failed that way) throws after logging, so the trigger delivers it again;
 * final failures are answered, named, and a deletion never makes a batch come back.
 */
export async function auditEvents(items: AuditItem[], invocation: Invocation): Promise<AuditAnswer> {
  const { log, config } = invocation;
  let ignored = 0;
  let poison = 0;
  const found: Found = { destructions: new Map(), keyChanges: new Map() };
  for (const item of items) {
    if ('poison' in item) {
      poison++;
      log.error('audit record refused: not a readable KMS event', {
        entry: item.entry,
        code: item.poison.code,
        reason: item.poison.description,
      });
      continue;
    }
    const skip = 'ignored' in item ? item.ignored : whyIgnore(item, invocation, found);
    if (skip) {
      ignored++;
      log.debug('audit record ignored', { entry: item.entry, reason: skip });
      continue;
    }
    if ('event' in item) {
      const { event } = item;
      found.destructions.set(targetKey(event), {
        event,
        destruction: { target: { keyId: event.keyId, versionId: event.versionId }, scheduledBy: actorOf(event), labels: event.labels },
      });
    } else if ('keyEvent' in item) {
      const key = keyChangeKey(item.keyEvent);
      if (found.keyChanges.has(key)) ignored++; // replaced: see whyIgnore
      found.keyChanges.set(key, item.keyEvent);
    }
  }
  const destructions = [...found.destructions.values()];
  const keyEvents = [...found.keyChanges.values()];
  const [answer, keyAnswer] = await Promise.all([
    guardDestructions(
      invocation,
      destructions.map(({ destruction }) => destruction),
      config.dryRun,
    ),
    guardKeyChanges(invocation, keyEvents, config.dryRun),
  ]);
  for (const [index, result] of answer.results.entries()) logDestruction(invocation, destructions[index]!.event, result);
  for (const result of keyAnswer.keyResults) logKeyChange(invocation, result);
  log.info('audit batch done', { records: items.length, ignored, poison, ...answer.summary, keys: keyAnswer.keySummary });
  recordOutcomes(invocation.metrics, answer.summary);
  recordKeyOutcomes(invocation.metrics, keyAnswer.keySummary, { deletions: true });
  recordDryRun(invocation.metrics, config.dryRun);
  const versions = answer.results.filter(needsRedelivery).length;
  const keys = keyAnswer.keyResults.filter(needsRedelivery).length;
  if (invocation.trigger === 'logging' && versions + keys > 0) {
    const what = [
      ...(versions > 0 ? [`${versions} destruction(s) not confirmed cancelled`] : []),
      ...(keys > 0 ? [`${keys} key(s) not confirmed protected from deletion`] : []),
    ];
    throw new GuardError('UNAVAILABLE', `${what.join(' and ')} for a reason that may pass; the batch will be delivered again`);
  }
  return { ...answer, ...keyAnswer, ignored, poison };
}

/** Why a readable event is not acted on, or undefined when it is. */
function whyIgnore(item: { event: ScheduleEvent } | { keyEvent: KeyEvent }, invocation: Invocation, found: Found): string | undefined {
  const event = 'event' in item ? item.event : item.keyEvent;
  if (event.eventStatus !== 'DONE') return `status ${event.eventStatus.slice(0, 20)}: the change is not done (yet)`;
  if ('keyEvent' in item && item.keyEvent.change !== 'DeleteSymmetricKey' && !invocation.config.enforceDeletionProtection) {
    return 'ENFORCE_DELETION_PROTECTION is off: key creations and updates are not acted on';
  }
  const out = outOfScope(invocation.config, event);
  if (out) return `out of scope: ${out}`;
  if (!isKeyAllowed(invocation.config, event.keyId)) {
    const [msg, fields] =
      'event' in item
        ? [
            'destruction scheduled for a key outside ALLOWED_KEY_IDS: not touched',
            { versionId: item.event.versionId, scheduledBy: clipped(event.subjectId) },
          ]
        : ['change of a key outside ALLOWED_KEY_IDS: not touched', { change: item.keyEvent.change, changedBy: clipped(event.subjectId) }];
    invocation.log.warn(msg, { keyId: event.keyId, ...fields });
    return 'the key is not in ALLOWED_KEY_IDS';
  }
  if ('event' in item) return found.destructions.has(targetKey(item.event)) ? 'the same version again in this batch' : undefined;
  const kept = found.keyChanges.get(keyChangeKey(item.keyEvent));
  // A later event that shows the key unprotected says who turned protection off: it replaces one that shows it on.
  if (!kept || (kept.deletionProtection === true && item.keyEvent.deletionProtection !== true)) return undefined;
  return 'the same key change again in this batch';
}

/** A key is deleted once, and checked for protection once, however many events of a batch name it. */
function keyChangeKey(event: KeyEvent): string {
  return `${event.change === 'DeleteSymmetricKey' ? 'delete' : 'protect'}/${event.keyId}`;
}
