import { isKeyAllowed } from '../../shared/access.ts';
import type { AuditItem, ScheduleEvent } from '../../shared/edge/audit-event.ts';
import type { Invocation } from '../../shared/edge/invocation.ts';
import { GuardError } from '../../shared/errors/guard-error.ts';
import { needsRedelivery } from '../../shared/errors/passing.ts';
import { outOfScope } from '../../shared/guard/event-scope.ts';
import { type GuardAnswer, guardDestructions, type ScheduledDestruction } from '../../shared/guard/guard-versions.ts';
import { type CancelResult, logResult, targetKey } from '../../shared/guard/outcomes.ts';
import type { ScheduledBy } from '../../shared/guard/scheduled-by.ts';
import { recordDryRun, recordOutcomes } from '../../shared/metrics/figures.ts';

export interface AuditAnswer extends GuardAnswer {
  /** Records not acted on: other events, schedules not done yet, keys out of scope, repeats. */
  ignored: number;
  /** Records that claim to be a schedule event but cannot be read: logged, never retried. */
  poison: number;
}

/**
 * The real-time guard: each ScheduleSymmetricKeyVersionDestruction that happened (status DONE), for a
 * key in scope, is cancelled at once unless approved, and every result says who scheduled it. From a
 * Cloud Logging trigger, a batch with an item that may pass on retry (pending, or failed that way)
 * throws after logging, so the trigger delivers it again; final failures are answered, named.
 */
export async function auditEvents(items: AuditItem[], invocation: Invocation): Promise<AuditAnswer> {
  const { log } = invocation;
  let ignored = 0;
  let poison = 0;
  const found = new Map<string, { event: ScheduleEvent; destruction: ScheduledDestruction }>();
  for (const item of items) {
    if ('poison' in item) {
      poison++;
      log.error('audit record refused: not a readable schedule event', {
        entry: item.entry,
        code: item.poison.code,
        reason: item.poison.description,
      });
      continue;
    }
    const skip = 'ignored' in item ? item.ignored : whyIgnore(item.event, invocation, found);
    if (skip) {
      ignored++;
      log.debug('audit record ignored', { entry: item.entry, reason: skip });
      continue;
    }
    const { event } = item as { event: ScheduleEvent };
    found.set(targetKey(event), {
      event,
      destruction: { target: { keyId: event.keyId, versionId: event.versionId }, scheduledBy: scheduledByOf(event), labels: event.labels },
    });
  }
  const events = [...found.values()];
  const answer = await guardDestructions(
    invocation,
    events.map(({ destruction }) => destruction),
    invocation.config.dryRun,
  );
  for (const [index, result] of answer.results.entries()) logDestruction(invocation, events[index]!.event, result);
  log.info('audit batch done', { records: items.length, ignored, poison, ...answer.summary });
  recordOutcomes(invocation.metrics, answer.summary);
  recordDryRun(invocation.metrics, invocation.config.dryRun);
  const redeliver = answer.results.filter(needsRedelivery).length;
  if (invocation.trigger === 'logging' && redeliver > 0) {
    throw new GuardError(
      'UNAVAILABLE',
      `${redeliver} destruction(s) not confirmed cancelled for a reason that may pass; the batch will be delivered again`,
    );
  }
  return { ...answer, ignored, poison };
}

/** Why a readable schedule event is not acted on, or undefined when it is. */
function whyIgnore(event: ScheduleEvent, invocation: Invocation, found: ReadonlyMap<string, unknown>): string | undefined {
  if (event.eventStatus !== 'DONE') return `status ${event.eventStatus.slice(0, 20)}: the destruction is not scheduled (yet)`;
  const out = outOfScope(invocation.config, event);
  if (out) return `out of scope: ${out}`;
  if (!isKeyAllowed(invocation.config, event.keyId)) {
    invocation.log.warn('destruction scheduled for a key outside ALLOWED_KEY_IDS: not touched', {
      keyId: event.keyId,
      versionId: event.versionId,
      scheduledBy: clipped(event.subjectId),
    });
    return 'the key is not in ALLOWED_KEY_IDS';
  }
  if (found.has(targetKey(event))) return 'the same version again in this batch';
  return undefined;
}

function scheduledByOf(event: ScheduleEvent): ScheduledBy {
  const { subjectId, subjectName, subjectType, remoteAddress, userAgent, requestId, eventTime, eventId } = event;
  return Object.fromEntries(
    Object.entries({ subjectId, subjectName, subjectType, remoteAddress, userAgent, requestId, eventTime, eventId }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}

/** Longer text from an event is cut in a log line, so the line stays one structured record (under 64 KiB) whatever the event holds. */
const MAX_LOGGED_TEXT = 500;

function clipped(text: string | undefined): string | undefined {
  return text !== undefined && text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT)}…` : text;
}

/** One WARN line per scheduled destruction: who, from where, and what the guard did about it. */
function logDestruction(invocation: Invocation, event: ScheduleEvent, result: CancelResult): void {
  const who = clipped(event.subjectName ?? event.subjectId) ?? 'an unknown subject';
  const scheduledBy = Object.entries(scheduledByOf(event)).map(([field, value]) => [field, clipped(value)]);
  invocation.log.warn(`key version destruction scheduled by ${who}: ${result.outcome}`, {
    keyId: event.keyId,
    versionId: event.versionId,
    destroyAt: clipped(event.destroyAt),
    outcome: result.outcome,
    ...(result.approval ? { approvedBy: result.approval.rule } : {}),
    ...Object.fromEntries(scheduledBy),
  });
  if (result.outcome === 'failed' || result.outcome === 'pending') logResult(invocation.log, result);
}
