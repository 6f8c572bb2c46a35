// Audit Trails records for the real-time guard: Cloud Logging trigger batches (the documented envelope, its
// entries' json_payload in snake_case or camelCase) and bare EventRouter events. Valid schedule events, key
// creations, updates and deletions, other events and statuses, missing fields, wrong types, huge strings,
// entries that are not objects, damaged envelopes; and what the contract (docs/real-time-guard.md) says each
// record must count as.
import fc from 'fast-check';
import { loggingBatchEvent } from '../../../local/host/index.ts';
import { camelCased } from '../../support/casing.ts';
import { badId, isValidId, unknownId, wrongType } from './ids.ts';
import { TOKEN_INFO_MARKERS } from './output-tap.ts';
import { type Bucket, type Sample, sample } from './sample.ts';
import type { Seeded } from './seeded.ts';
import type { Verdict } from './verdict.ts';

const SCHEDULE = 'yandex.cloud.audit.kms.ScheduleSymmetricKeyVersionDestruction';
const DELETE = 'yandex.cloud.audit.kms.DeleteSymmetricKey';
/** Key changes: read (so a broken one is poison); with ENFORCE_DELETION_PROTECTION off only a deletion is acted on. */
const KEY_CHANGES = [DELETE, 'yandex.cloud.audit.kms.UpdateSymmetricKey', 'yandex.cloud.audit.kms.CreateSymmetricKey'];
const AUDIT_PREFIX = 'yandex.cloud.audit.';
const ALL: Bucket[] = ['result', 'ignored', 'poison'];

/** One record as generated, with the counts the contract allows for it. */
interface GeneratedRecord {
  /** The payload: a bare event, or an entry's json_payload. */
  payload: unknown;
  /** What the record may count as: one bucket when the contract decides, several when it leaves it open. */
  buckets: Bucket[];
  /** `keyId/versionId` (a schedule) or `delete/keyId` (a deletion) when the record may be acted on. */
  pair?: string;
}

/** Free text of an event; the huge values come as oddities. */
const text = fc.string({ maxLength: 30 });

type IdKind = 'known' | 'unknown' | 'bad' | 'wrong-type' | 'missing';
const idKind = fc.constantFrom<IdKind>('known', 'known', 'known', 'known', 'unknown', 'bad', 'wrong-type', 'missing');

/** Optional fields in an odd state: a type the format never has, or a huge value. */
const ODDITIES = [
  'none',
  'none',
  'none',
  'none',
  'none',
  'huge-user-agent',
  'huge-subject-name',
  'huge-event-id',
  'no-authentication',
  'no-request-metadata',
  'subject-not-text',
  'labels-not-object',
  'label-not-text',
  'path-not-list',
  'path-id-not-text',
  'event-time-object',
  'details-created-at-object',
  'extra-fields',
] as const;
type Oddity = (typeof ODDITIES)[number];
/** These leave every field the guard reads a string of the documented shape: the record must still be acted on. */
const HARMLESS: readonly Oddity[] = [
  'none',
  'huge-user-agent',
  'huge-subject-name',
  'huge-event-id',
  'no-authentication',
  'no-request-metadata',
  'details-created-at-object',
  'extra-fields',
];

const STATUSES = ['DONE', 'DONE', 'DONE', 'STARTED', 'ERROR', 'CANCELLED', 'RUNNING', 'done', 'Done', '', 'UNKNOWN_STATUS'];
const OTHER_TYPES = [
  'yandex.cloud.audit.kms.CancelSymmetricKeyVersionDestruction',
  'yandex.cloud.audit.kms.RotateSymmetricKey',
  'yandex.cloud.audit.compute.StartInstance',
  'yandex.cloud.audit.kms.schedulesymmetrickeyversiondestruction',
  `${SCHEDULE}.Extra`,
  'yandex.cloud.audit.',
];

const payloadParts = (seed: Seeded) =>
  fc.record({
    type: fc.oneof(
      { weight: 8, arbitrary: fc.constant<unknown>(SCHEDULE) },
      { weight: 3, arbitrary: fc.constantFrom<unknown>(...KEY_CHANGES) },
      { weight: 2, arbitrary: fc.constantFrom<unknown>(...OTHER_TYPES) },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => AUDIT_PREFIX + s) },
      { weight: 1, arbitrary: fc.oneof(wrongType, fc.constant(undefined), fc.string({ maxLength: 20 })) },
    ),
    status: fc.oneof({ weight: 9, arbitrary: fc.constantFrom<unknown>(...STATUSES) }, { weight: 1, arbitrary: wrongType }),
    keyKind: idKind,
    versionKind: idKind,
    eventId: fc.oneof(unknownId, fc.string({ maxLength: 30 })),
    known: fc.constantFrom(...seed.pairs),
    unknownId,
    badKey: fc.oneof(badId, wrongType),
    badVersion: fc.oneof(badId, wrongType),
    subject: fc.record({ id: fc.oneof(unknownId, fc.string({ maxLength: 20 })), name: text, agent: text }),
    oddity: fc.constantFrom(...ODDITIES),
    odd: fc.oneof(wrongType, fc.constant(null)),
    casing: fc.constantFrom('snake', 'snake', 'camel', 'camel', 'mixed'),
    labels: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/), fc.stringMatching(/^[a-z0-9_-]{0,20}$/), { maxKeys: 3 }),
  });

type Parts = ReturnType<typeof payloadParts> extends fc.Arbitrary<infer T> ? T : never;

/** Mostly any mix of the parts; often a schedule event as a trail writes it, so that cancelling keeps being exercised. */
const recordParts = (seed: Seeded): fc.Arbitrary<Parts> =>
  fc.oneof(
    { weight: 2, arbitrary: payloadParts(seed) },
    {
      weight: 1,
      arbitrary: fc.tuple(payloadParts(seed), fc.constantFrom('DONE', 'DONE', 'DONE', 'STARTED')).map(
        ([parts, status]): Parts => ({
          ...parts,
          type: SCHEDULE,
          status,
          keyKind: 'known',
          versionKind: 'known',
          oddity: 'none',
          casing: parts.casing === 'mixed' ? 'snake' : parts.casing,
        }),
      ),
    },
  );

function pickId(kind: IdKind, parts: Parts, which: 'key' | 'version'): unknown {
  switch (kind) {
    case 'known':
      return which === 'key' ? parts.known.keyId : parts.known.versionId;
    case 'unknown':
      return parts.unknownId;
    case 'bad':
    case 'wrong-type':
      return which === 'key' ? parts.badKey : parts.badVersion;
    case 'missing':
      return undefined;
  }
}

/** An audit event as the log group holds it (snake_case), then spelled as `casing` asks. */
function buildRecord(parts: Parts): GeneratedRecord {
  const keyId = pickId(parts.keyKind, parts, 'key');
  const versionId = pickId(parts.versionKind, parts, 'version');
  const payload: Record<string, any> = {
    event_id: parts.eventId,
    event_source: 'kms',
    event_type: parts.type,
    event_time: '2026-11-28T09:15:02.118Z',
    authentication: {
      authenticated: true,
      subject_type: 'SERVICE_ACCOUNT',
      subject_id: parts.subject.id,
      subject_name: parts.subject.name,
      token_info: { masked_iam_token: TOKEN_INFO_MARKERS[0], iam_token_id: TOKEN_INFO_MARKERS[1] },
    },
    authorization: { authorized: true },
    resource_metadata: {
      path: [
        { resource_type: 'resource-manager.cloud', resource_id: 'b1gfuzzcloud00000001', resource_name: 'fuzz' },
        { resource_type: 'resource-manager.folder', resource_id: 'b1gfuzzfolder0000001', resource_name: 'fuzz' },
      ],
    },
    request_metadata: { remote_address: '203.0.113.9', user_agent: parts.subject.agent, request_id: 'fuzz-request', remote_port: '1' },
    event_status: parts.status,
    details: { key_id: keyId, version_id: versionId, destroy_at: '2026-12-01T00:00:00Z', labels: parts.labels, deletion_protection: false },
    request_parameters: { key_id: keyId, version_id: versionId },
  };
  if (keyId === undefined) delete payload.details.key_id;
  if (versionId === undefined) delete payload.details.version_id;
  if (parts.type === undefined) delete payload.event_type;
  damage(payload, parts.oddity, parts.odd);

  const schedule = parts.type === SCHEDULE;
  const keyChange = KEY_CHANGES.includes(parts.type as string);
  // Only a deletion of the key changes is acted on; a creation or an update is read, then ignored.
  const acted = schedule || parts.type === DELETE;
  const done = parts.status === 'DONE';
  const readable = isValidId(keyId) && (keyChange || isValidId(versionId));
  const harmless = HARMLESS.includes(parts.oddity) && typeof parts.status === 'string';
  let buckets: Bucket[];
  if (typeof parts.type !== 'string') buckets = ['ignored', 'poison'];
  else if (!schedule && !keyChange) buckets = ['ignored'];
  else if (!readable) buckets = done ? ['poison'] : ['ignored', 'poison'];
  else if (!harmless) buckets = done && acted ? ['result', 'poison'] : ['ignored', 'poison'];
  else buckets = done && acted ? ['result'] : ['ignored'];
  // Both casings in one event is no source's spelling: the contract does not say how it is read.
  if (parts.casing === 'mixed') buckets = readable && acted ? ALL : union(buckets, ['ignored', 'poison']);

  const spelled = parts.casing === 'camel' ? camelCased(payload) : parts.casing === 'mixed' ? mixed(payload) : payload;
  if (!readable || !acted) return { payload: spelled, buckets };
  return { payload: spelled, buckets, pair: schedule ? `${keyId}/${versionId}` : `delete/${keyId}` };
}

function damage(payload: Record<string, any>, oddity: Oddity, odd: unknown): void {
  switch (oddity) {
    case 'huge-user-agent':
      payload.request_metadata.user_agent = 'a'.repeat(80_000);
      break;
    case 'huge-subject-name':
      payload.authentication.subject_name = 'n'.repeat(80_000);
      break;
    case 'huge-event-id':
      payload.event_id = 'e'.repeat(80_000);
      break;
    case 'no-authentication':
      delete payload.authentication;
      break;
    case 'no-request-metadata':
      delete payload.request_metadata;
      break;
    case 'subject-not-text':
      payload.authentication.subject_id = odd ?? 7;
      break;
    case 'labels-not-object':
      payload.details.labels = typeof odd === 'object' && odd !== null && !Array.isArray(odd) ? 'protect' : (odd ?? 'protect');
      break;
    case 'label-not-text':
      payload.details.labels = { protect: odd };
      break;
    case 'path-not-list':
      payload.resource_metadata.path = odd ?? 'b1gfuzzfolder0000001';
      break;
    case 'path-id-not-text':
      payload.resource_metadata.path[1].resource_id = odd ?? 1;
      break;
    case 'event-time-object':
      payload.event_time = { seconds: 1795856102, nanos: 118000000 };
      break;
    case 'details-created-at-object':
      payload.details.created_at = { seconds: 1795856102, nanos: 0 };
      break;
    case 'extra-fields':
      payload.scheduledBy = { subjectId: 'ajeforged00000000001' };
      payload.approval = { rule: 'APPROVED_SUBJECT_IDS' };
      payload.details.extra = odd;
      break;
    case 'none':
      break;
  }
}

/** Top-level fields in snake_case, everything nested in camelCase. */
function mixed(payload: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, camelCased(value)]));
}

/** The record: mostly an audit event, sometimes an entry that is not one. */
const entryArb = (seed: Seeded) =>
  fc.oneof(
    { weight: 12, arbitrary: recordParts(seed).map((parts) => ({ record: buildRecord(parts), shape: 'entry' as const })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.integer(), fc.string({ maxLength: 20 }), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }))
        .map((value) => ({ record: { payload: value, buckets: ['poison'] as Bucket[] }, shape: 'not-an-object' as const })),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constant(undefined),
          fc.integer(),
          fc.string({ maxLength: 20 }),
          fc.constant(null),
          fc.array(fc.integer(), { maxLength: 2 }),
        )
        .map((value) => ({ record: { payload: value, buckets: ['ignored', 'poison'] as Bucket[] }, shape: 'odd-payload' as const })),
    },
    {
      weight: 1,
      // The entry's own field spelled jsonPayload: whether an entry is read in camelCase too, the contract leaves open.
      arbitrary: recordParts(seed).map((parts) => {
        const record = buildRecord(parts);
        return { record: { ...record, buckets: union(record.buckets, ['ignored']) }, shape: 'camel-entry' as const };
      }),
    },
  );

type EntrySample = { record: GeneratedRecord; shape: 'entry' | 'not-an-object' | 'odd-payload' | 'camel-entry' };

function entryOf({ record, shape }: EntrySample): unknown {
  const envelope = {
    resource: { type: 'audit-trails.trail', id: 'cnpfuzztrail00000001' },
    timestamp: '2026-11-28T09:15:02Z',
    level: 'INFO',
  };
  switch (shape) {
    case 'not-an-object':
      return record.payload;
    case 'odd-payload':
      return record.payload === undefined ? { ...envelope, message: 'text only' } : { ...envelope, json_payload: record.payload };
    case 'camel-entry':
      return { ...envelope, jsonPayload: record.payload };
    case 'entry':
      return { ...envelope, message: 'audit', json_payload: record.payload };
  }
}

const ENVELOPE_DAMAGES = [
  'none',
  'none',
  'none',
  'none',
  'created-at-text',
  'created-at-number',
  'created-at-odd',
  'no-created-at',
  'second-message',
  'broken-message',
  'not-a-batch',
] as const;
type EnvelopeDamage = (typeof ENVELOPE_DAMAGES)[number];

/** Cloud Logging batches: the envelope as the trigger sends it, 1 to 4 entries, now and then damaged. */
export function loggingAuditArb(seed: Seeded): fc.Arbitrary<Sample> {
  return fc
    .record({
      entries: fc.array(entryArb(seed), { minLength: 1, maxLength: 4 }),
      more: fc.array(entryArb(seed), { minLength: 1, maxLength: 3 }),
      damage: fc.constantFrom(...ENVELOPE_DAMAGES),
      odd: fc.oneof(wrongType, fc.string({ maxLength: 10 })),
      repeat: fc.boolean(),
    })
    .map(({ entries, more, damage, odd, repeat }) => {
      // The same record again (a redelivered log entry): the contract does it once.
      const all = repeat ? [...entries, entries[0]!] : entries;
      const event = loggingBatchEvent(all.map(entryOf) as never) as unknown as { messages: Array<Record<string, any>> };
      let records = all.map((entry) => entry.record);
      let broken = false;
      switch (damage as EnvelopeDamage) {
        case 'created-at-text':
          event.messages[0]!.event_metadata.created_at = '2026-11-28T09:15:02.118Z';
          break;
        case 'created-at-number':
          event.messages[0]!.event_metadata.created_at = 1795856102;
          break;
        case 'created-at-odd':
          event.messages[0]!.event_metadata.created_at = { seconds: odd, nanos: odd };
          break;
        case 'no-created-at':
          delete event.messages[0]!.event_metadata.created_at;
          break;
        case 'second-message': {
          const second = loggingBatchEvent(more.map(entryOf) as never) as unknown as { messages: Array<Record<string, any>> };
          event.messages.push(second.messages[0]!);
          records = [...records, ...more.map((entry) => entry.record)];
          break;
        }
        case 'broken-message':
          event.messages.push({ event_metadata: event.messages[0]!.event_metadata, details: odd === null ? undefined : { messages: odd } });
          broken = true;
          break;
        case 'not-a-batch':
          event.messages[0]!.event_metadata.event_type = 'yandex.cloud.events.serverless.triggers.SomethingElse';
          // A direct call then, and not one the contract accepts.
          return sample(event, 'invalid', { code: 'INVALID_ARGUMENT' });
        case 'none':
          break;
      }
      return classify(event, records, broken);
    });
}

/** Bare audit events (EventRouter, a direct call), and values that only look like one. */
export function bareAuditArb(seed: Seeded): fc.Arbitrary<Sample> {
  return fc.oneof(
    { weight: 10, arbitrary: recordParts(seed).map((parts) => bare(buildRecord(parts))) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constant(SCHEDULE), fc.integer(), fc.constant(null), fc.array(fc.constant({ event_type: SCHEDULE }), { maxLength: 2 }))
        .map((value) => sample(value, 'invalid', { code: 'INVALID_ARGUMENT' })),
    },
  );
}

function bare(record: GeneratedRecord): Sample {
  const payload = record.payload as Record<string, unknown>;
  const type = payload.event_type ?? payload.eventType;
  // Recognised by its type alone; anything else is a direct call, and not a valid one.
  if (typeof type !== 'string' || !type.startsWith(AUDIT_PREFIX)) return sample(payload, 'invalid', { code: 'INVALID_ARGUMENT' });
  return classify(payload, [record], false);
}

function classify(event: unknown, records: GeneratedRecord[], broken: boolean): Sample {
  // Records are done once per version (or deleted key): a later record of one already acted on is a repeat.
  const certain = new Set<string>();
  const possible = new Set<string>();
  const expected = records.map((record): Bucket[] => {
    if (!record.pair || !record.buckets.includes('result')) return record.buckets;
    const { pair } = record;
    const sure = record.buckets.length === 1;
    let buckets = record.buckets;
    if (certain.has(pair)) buckets = buckets.map((b) => (b === 'result' ? 'ignored' : b));
    else if (possible.has(pair)) buckets = union(buckets, ['ignored']);
    (sure ? certain : possible).add(pair);
    return union(buckets, []);
  });
  const pairs = records.filter((r) => r.pair && r.buckets.includes('result')).map((r) => r.pair!);
  // Nothing that may be acted on: no KMS request at all.
  const overall: Verdict = expected.some((buckets) => buckets.includes('result')) ? 'valid' : 'invalid';
  return sample(event, overall, { served: { kind: 'audit-answer', records: broken ? undefined : expected, pairs } });
}

function union(buckets: readonly Bucket[], more: readonly Bucket[]): Bucket[] {
  return [...new Set([...buckets, ...more])];
}
