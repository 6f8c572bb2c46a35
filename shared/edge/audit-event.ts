import * as z from 'zod/mini';
import type { GuardError } from '../errors/guard-error.ts';
import { badField, InputError } from '../errors/input-error.ts';
import type { KeyChange } from '../guard/key-outcomes.ts';
import type { ScheduledBy } from '../guard/scheduled-by.ts';
import { ResourceId } from '../validation/fields.ts';
import { isObject } from '../validation/is-object.ts';
import { violationsOf } from '../validation/issues.ts';

const KMS_EVENT_PREFIX = 'yandex.cloud.audit.kms.';
const SCHEDULE_EVENT = 'ScheduleSymmetricKeyVersionDestruction';
/** The key changes the guard watches for deletion protection and deletion. */
const KEY_CHANGES: readonly KeyChange[] = ['CreateSymmetricKey', 'UpdateSymmetricKey', 'DeleteSymmetricKey'];
const AUDIT_TYPE_PREFIX = 'yandex.cloud.audit.';

/** What every KMS audit event tells the guard: its status, who, from where, and where the key lives. */
interface AuditEventFields extends ScheduledBy {
  eventStatus: string;
  cloudId?: string;
  folderId?: string;
  keyId: string;
  keyName?: string;
  labels: Record<string, string>;
}

/** A ScheduleSymmetricKeyVersionDestruction audit event, whichever casing it came in. Token info is never read. */
export interface ScheduleEvent extends AuditEventFields {
  versionId: string;
  destroyAt?: string;
}

/** A CreateSymmetricKey, UpdateSymmetricKey or DeleteSymmetricKey audit event. */
export interface KeyEvent extends AuditEventFields {
  change: KeyChange;
  /** The key's flag as the event's details show it; absent when they do not say. */
  deletionProtection?: boolean;
}

/** What one audit record is to the guard: a schedule or key event, something to ignore (and why), or poison. */
export type AuditItem = { entry: string } & (
  | { event: ScheduleEvent }
  | { keyEvent: KeyEvent }
  | { ignored: string }
  | { poison: GuardError }
);

const Text = z.optional(z.string({ error: 'must be a string' }));
// Shapes spread into each schema: z.extend would pull more of zod into the bundle than these few lines.
const ENVELOPE = {
  eventId: Text,
  eventTime: Text,
  eventStatus: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }),
  subjectId: Text,
  subjectName: Text,
  subjectType: Text,
  remoteAddress: Text,
  userAgent: Text,
  requestId: Text,
  cloudId: Text,
  folderId: Text,
  keyId: ResourceId,
  keyName: Text,
  labels: z.record(z.string(), z.string()),
};
const Schedule = z.object({ ...ENVELOPE, versionId: ResourceId, destroyAt: Text });
const KeyChangeEvent = z.object({ ...ENVELOPE, deletionProtection: z.optional(z.boolean()) });

/** Where the fields that can make an event poison sit in the event, for the reason a log line gives. */
const LOCATIONS: Record<string, string> = { eventStatus: 'event_status', keyId: 'details.key_id', versionId: 'details.version_id' };

/** The sources write snake_case (the log group) or camelCase (the events reference): either is read. */
function read(object: unknown, snakeName: string): unknown {
  if (!isObject(object)) return undefined;
  return object[snakeName] ?? object[snakeName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
}

function eventTypeOf(event: unknown): string | undefined {
  const type = read(event, 'event_type');
  return typeof type === 'string' ? type : undefined;
}

/** A bare audit event, as EventRouter delivers one to a function. */
export function isAuditEvent(event: unknown): boolean {
  return eventTypeOf(event)?.startsWith(AUDIT_TYPE_PREFIX) === true;
}

/**
 * One audit record: a KMS schedule event or key change (Create, Update, Delete) is read; anything else is
 * ignored; an event of those kinds that fails its schema is poison.
 */
export function adaptAuditEvent(fallbackName: string, payload: unknown): AuditItem {
  if (!isObject(payload)) return { entry: fallbackName, ignored: 'not an audit event: no JSON payload' };
  const eventId = read(payload, 'event_id');
  const entry = typeof eventId === 'string' && eventId !== '' ? eventId.slice(0, 100) : fallbackName;
  const type = eventTypeOf(payload);
  const name = type?.startsWith(KMS_EVENT_PREFIX) ? type.slice(KMS_EVENT_PREFIX.length) : undefined;
  if (name === SCHEDULE_EVENT) {
    const parsed = Schedule.safeParse(flatten(payload), { reportInput: true, jitless: true });
    return parsed.success ? { entry, event: withoutUndefined(parsed.data) } : { entry, poison: poisonOf(parsed.error.issues) };
  }
  const change = KEY_CHANGES.find((known) => known === name);
  if (change) {
    const parsed = KeyChangeEvent.safeParse(flatten(payload), { reportInput: true, jitless: true });
    return parsed.success
      ? { entry, keyEvent: { change, ...withoutUndefined(parsed.data) } }
      : { entry, poison: poisonOf(parsed.error.issues) };
  }
  return { entry, ignored: type ? `event type ${type.slice(0, 120)}` : 'not an audit event: no event type' };
}

function poisonOf(issues: z.core.$ZodIssue[]): InputError {
  const violations = violationsOf(issues).map((v) => ({ ...v, field: `event.${LOCATIONS[v.field] ?? v.field}` }));
  return new InputError(violations);
}

/** The fields the guard uses, taken from wherever the event keeps them. */
function flatten(event: Record<string, unknown>): Record<string, unknown> {
  const authentication = read(event, 'authentication');
  const request = read(event, 'request_metadata');
  const details = read(event, 'details');
  const path = read(read(event, 'resource_metadata'), 'path');
  return {
    eventId: text(read(event, 'event_id')),
    eventTime: text(read(event, 'event_time')),
    eventStatus: read(event, 'event_status'),
    subjectId: text(read(authentication, 'subject_id')),
    subjectName: text(read(authentication, 'subject_name')),
    subjectType: text(read(authentication, 'subject_type')),
    remoteAddress: text(read(request, 'remote_address')),
    userAgent: text(read(request, 'user_agent')),
    requestId: text(read(request, 'request_id')),
    cloudId: text(resourceOf(path, 'resource-manager.cloud')),
    folderId: text(resourceOf(path, 'resource-manager.folder')),
    keyId: read(details, 'key_id'),
    keyName: text(read(details, 'key_name')),
    versionId: read(details, 'version_id'),
    destroyAt: text(read(details, 'destroy_at')),
    labels: textLabels(read(details, 'labels')),
    deletionProtection: flag(read(details, 'deletion_protection')),
  };
}

// Only what the guard needs (status, key, and a schedule's version) can make an event poison: an odd
// optional field is dropped rather than cost a destruction its cancel. Labels that are not text are not
// read, so an approval by label cannot come of them; a flag that is not a boolean says nothing.
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function flag(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function textLabels(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function resourceOf(path: unknown, type: string): unknown {
  if (!Array.isArray(path)) return undefined;
  return read(
    path.find((resource) => read(resource, 'resource_type') === type),
    'resource_id',
  );
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** A Cloud Logging trigger batch: every entry of every message, each read as an audit record. */
export function adaptLoggingBatch(event: unknown): AuditItem[] {
  const messages = isObject(event) && Array.isArray(event.messages) ? event.messages : [];
  const items: AuditItem[] = [];
  for (const message of messages) {
    const entries = read(read(message, 'details'), 'messages');
    if (!Array.isArray(entries)) {
      items.push({ entry: `#${items.length}`, poison: badField('details.messages', 'must be a list of log entries') });
      continue;
    }
    for (const entry of entries) {
      const name = `#${items.length}`;
      if (!isObject(entry)) items.push({ entry: name, poison: badField('entry', 'must be a log entry object') });
      else items.push(adaptAuditEvent(name, read(entry, 'json_payload')));
    }
  }
  return items;
}
