// Audit Trails events of schedule and cancel requests, as the Cloud Logging log group of a trail holds them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AuditLogEntry, DEFAULT_CLOUD_ID, DEFAULT_SUBJECT, type Emulator } from '../../local/emulator/index.ts';
import { call, FOLDER, KEY, OLDER, PRIMARY, post, SCHEDULED, SMALL_SEED, startFor, TOKEN } from './helpers.ts';

const ALICE_TOKEN = 'alice-token-0000000000000000000001';
const ALICE = { id: 'ajealice00000000001', name: 'alice', type: 'FEDERATED_USER_ACCOUNT' as const };
const schedule = `/kms/v1/keys/${KEY}:scheduleVersionDestruction`;
const cancel = `/kms/v1/keys/${KEY}:cancelVersionDestruction`;
const SCHEDULE_EVENT = 'yandex.cloud.audit.kms.ScheduleSymmetricKeyVersionDestruction';
const CANCEL_EVENT = 'yandex.cloud.audit.kms.CancelSymmetricKeyVersionDestruction';

/** SMALL_SEED with its folder in a seeded cloud, so events can name both. */
const SEED = {
  ...SMALL_SEED,
  clouds: [{ id: 'b1gauditcloud000001', name: 'audit-cloud', folders: [{ id: FOLDER, name: 'payments-folder' }] }],
};

function start(t: { after(fn: () => unknown): void }, options = {}): Promise<Emulator> {
  return startFor(t, { seed: SEED, tokens: [TOKEN, ALICE_TOKEN], subjects: { [ALICE_TOKEN]: ALICE }, ...options });
}

const statuses = (entries: AuditLogEntry[]) => entries.map((entry) => entry.json_payload.event_status);

/** Every key of an object and its nested objects (labels excepted: their keys are the user's). */
function fieldNames(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(fieldNames);
  return Object.entries(value).flatMap(([name, inner]) => [name, ...(name === 'labels' ? [] : fieldNames(inner))]);
}

describe('audit events', { concurrency: true }, () => {
  test('a schedule leaves STARTED then DONE, in the Cloud Logging entry shape, every field snake_case', async (t) => {
    const emulator = await start(t);
    const answer = await call(
      emulator,
      'POST',
      schedule,
      { versionId: OLDER, pendingPeriod: '86400s' },
      {
        authorization: `Bearer ${ALICE_TOKEN}`,
        'user-agent': 'audit-test/1.0',
      },
    );
    assert.equal(answer.status, 200);
    const entries = emulator.audit.entries();
    assert.deepEqual(statuses(entries), ['STARTED', 'DONE']);
    const [started, done] = entries as [AuditLogEntry, AuditLogEntry];

    assert.deepEqual(Object.keys(started).sort(), ['json_payload', 'level', 'message', 'resource', 'timestamp']);
    assert.equal(started.resource.type, 'audit-trails.trail');
    assert.equal(done.resource.id, started.resource.id, 'one trail per emulator');
    assert.match(started.timestamp, /^2026-01-10T00:00:0\d(\.\d{3})?Z$/, 'on the emulator clock');
    assert.deepEqual([started.level, done.level], ['INFO', 'INFO']);
    assert.equal(started.message, `STARTED ${SCHEDULE_EVENT} alice`);
    assert.equal(done.message, `DONE ${SCHEDULE_EVENT} alice`);

    const event = started.json_payload;
    assert.ok(
      fieldNames(event).every((name) => name === '@type' || /^[a-z][a-z0-9_]*$/.test(name)),
      `snake_case: ${fieldNames(event).join(', ')}`,
    );
    assert.equal(event.event_source, 'kms');
    assert.equal(event.event_type, SCHEDULE_EVENT);
    assert.equal(event.event_time, started.timestamp);
    assert.notEqual(event.event_id, done.json_payload.event_id);
    assert.deepEqual(event.authentication, {
      authenticated: true,
      subject_type: 'FEDERATED_USER_ACCOUNT',
      subject_id: ALICE.id,
      subject_name: 'alice',
      token_info: { masked_iam_token: 'alic***0001', iam_token_id: event.authentication.token_info.iam_token_id },
    });
    assert.doesNotMatch(JSON.stringify(entries), new RegExp(ALICE_TOKEN), 'the token itself is recorded nowhere');
    assert.deepEqual(event.authorization, { authorized: true });
    assert.deepEqual(event.resource_metadata.path, [
      { resource_type: 'resource-manager.cloud', resource_id: 'b1gauditcloud000001', resource_name: 'audit-cloud' },
      { resource_type: 'resource-manager.folder', resource_id: FOLDER, resource_name: 'payments-folder' },
    ]);
    assert.equal(event.request_metadata.remote_address, '127.0.0.1');
    assert.equal(event.request_metadata.user_agent, 'audit-test/1.0');
    assert.equal(event.request_metadata.request_id, answer.headers.get('x-request-id'));
    assert.match(event.request_metadata.remote_port, /^\d+$/);
    assert.deepEqual(event.request_parameters, { key_id: KEY, version_id: OLDER, pending_period: '86400s' });
    assert.deepEqual(event.response, { operation_id: answer.body.id });
    assert.deepEqual(done.json_payload.response, { operation_id: answer.body.id });
    assert.equal(event.error, undefined);

    assert.deepEqual(done.json_payload.details, {
      key_id: KEY,
      key_name: 'payments',
      version_id: OLDER,
      destroy_at: answer.body.metadata.destroyAt,
      key_status: 'ACTIVE',
      deletion_protection: false,
      default_algorithm: 'AES_256',
      primary_version_status: 'ACTIVE',
      primary_version_algorithm: 'AES_256',
      primary_version_hosted_by_hsm: false,
      labels: { protect: 'true' },
      created_at: '2026-01-01T00:00:00Z',
      primary_version_created_at: '2026-01-04T00:00:00Z',
    });
  });

  test('with polls, DONE comes when the operation finishes, at that time, with the original request metadata', async (t) => {
    const emulator = await start(t, { operationPolls: 1 });
    const created = await post(emulator, cancel, { versionId: SCHEDULED });
    assert.deepEqual(statuses(emulator.audit.entries()), ['STARTED']);
    emulator.clock.advance(60_000);
    await post(emulator, `/kms/v1/keys/${KEY}:rotate`); // an unaudited method adds nothing
    await call(emulator, 'GET', `/operations/${created.body.id}`);
    const [started, done] = emulator.audit.entries() as [AuditLogEntry, AuditLogEntry];
    assert.deepEqual([done.json_payload.event_status, done.json_payload.event_type], ['DONE', CANCEL_EVENT]);
    assert.ok(Date.parse(done.timestamp) - Date.parse(started.timestamp) >= 60_000);
    assert.equal(done.json_payload.request_metadata.request_id, created.headers.get('x-request-id'));
    assert.deepEqual(done.json_payload.request_parameters, { key_id: KEY, version_id: SCHEDULED });
    assert.equal('destroy_at' in done.json_payload.details, false, 'a cancel has no destroy_at');
    assert.equal(emulator.audit.entries().length, 2);
  });

  test('a token the subjects map does not name is the default demo subject; a folder no cloud holds is put in the default cloud', async (t) => {
    const emulator = await startFor(t);
    await post(emulator, cancel, { versionId: SCHEDULED });
    const event = emulator.audit.entries()[0]!.json_payload;
    assert.deepEqual(
      [event.authentication.subject_id, event.authentication.subject_name, event.authentication.subject_type],
      [DEFAULT_SUBJECT.id, DEFAULT_SUBJECT.name, DEFAULT_SUBJECT.type],
    );
    assert.deepEqual(event.resource_metadata.path, [
      { resource_type: 'resource-manager.cloud', resource_id: DEFAULT_CLOUD_ID },
      { resource_type: 'resource-manager.folder', resource_id: FOLDER },
    ]);
  });

  test('a refused request leaves one ERROR record with the error; an operation ending in error leaves STARTED then ERROR', async (t) => {
    const emulator = await start(t);
    const refused = await post(emulator, schedule, { versionId: PRIMARY });
    assert.equal(refused.status, 400);
    const [error] = emulator.audit.entries() as [AuditLogEntry];
    assert.deepEqual([error.level, error.json_payload.event_status, error.json_payload.error?.code], ['ERROR', 'ERROR', 9]);
    assert.equal(error.json_payload.error?.message, refused.body.message);
    assert.equal(error.json_payload.response, undefined, 'no operation was created');
    assert.equal(error.message, `ERROR ${SCHEDULE_EVENT} ${DEFAULT_SUBJECT.name}`);

    emulator.audit.clear();
    emulator.faults.add({ route: 'cancelVersionDestruction', operationError: { code: 13, message: 'HSM unreachable' }, times: 1 });
    await post(emulator, cancel, { versionId: SCHEDULED });
    emulator.configure({ cancelRefusal: 'operation' });
    await post(emulator, cancel, { versionId: OLDER });
    const entries = emulator.audit.entries();
    assert.deepEqual(statuses(entries), ['STARTED', 'ERROR', 'STARTED', 'ERROR']);
    assert.deepEqual(entries[1]!.json_payload.error, { code: 13, message: 'HSM unreachable' });
    assert.equal(entries[3]!.json_payload.error?.code, 9);
    assert.equal(entries[3]!.level, 'ERROR');
  });

  test('requests refused before the key or version is known, or by a fault, leave no record', async (t) => {
    const emulator = await start(t);
    await post(emulator, cancel, { versionId: '' });
    await post(emulator, cancel, { versionId: 'abjnosuchversion001' });
    await post(emulator, '/kms/v1/keys/abjdenied0000000001:cancelVersionDestruction', { versionId: SCHEDULED });
    await call(emulator, 'POST', cancel, { versionId: SCHEDULED }, { authorization: 'Bearer wrong' });
    emulator.faults.add({ route: 'cancelVersionDestruction', status: 503, times: 1 });
    await post(emulator, cancel, { versionId: SCHEDULED });
    assert.deepEqual(emulator.audit.entries(), []);
  });

  test('subscribe() hands each record over synchronously as it is made; unsubscribe and clear() work', async (t) => {
    const emulator = await start(t);
    const seen: string[] = [];
    const unsubscribe = emulator.audit.subscribe((entry) => {
      // Synchronous: the record is already in entries() when the listener runs.
      seen.push(`${entry.json_payload.event_status}:${emulator.audit.entries().length}`);
    });
    await post(emulator, cancel, { versionId: SCHEDULED });
    assert.deepEqual(seen, ['STARTED:1', 'DONE:2']);
    unsubscribe();
    await post(emulator, schedule, { versionId: OLDER });
    assert.equal(seen.length, 2);
    assert.equal(emulator.audit.entries().length, 4);
    emulator.audit.clear();
    assert.deepEqual(emulator.audit.entries(), []);
  });

  test('a listener that throws does not fail the request', async (t) => {
    const emulator = await start(t);
    const original = console.error;
    console.error = () => {};
    t.after(() => {
      console.error = original;
    });
    emulator.audit.subscribe(() => {
      throw new Error('listener bug');
    });
    assert.equal((await post(emulator, cancel, { versionId: SCHEDULED })).status, 200);
    assert.equal(emulator.audit.entries().length, 2);
  });

  test('GET /_emulator/audit lists the entries, DELETE clears them', async (t) => {
    const emulator = await start(t);
    await post(emulator, cancel, { versionId: SCHEDULED });
    const listed = await fetch(`${emulator.url}/_emulator/audit`);
    assert.equal(listed.status, 200);
    assert.deepEqual(await listed.json(), { entries: emulator.audit.entries() });
    const cleared = await fetch(`${emulator.url}/_emulator/audit`, { method: 'DELETE' });
    assert.deepEqual(await cleared.json(), { entries: [] });
    assert.deepEqual(emulator.audit.entries(), []);
  });
});
