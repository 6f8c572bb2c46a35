// The real-time guard over real HTTP to the emulator: destructions scheduled on the emulator's REST API,
// their Audit Trails records handed to cancel-version-destruction as a Cloud Logging batch (snake_case, as
// the log group holds them, and camelCase) or as a bare EventRouter event.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditLogEntry, Emulator } from '../../local/emulator/index.ts';
import { requestsOf } from '../support/kms.ts';
import {
  ALICE,
  type AuditAnswerView,
  alteredEntry,
  batchOf,
  camelCased,
  camelEntry,
  doneOf,
  invokeGuard,
  KEY_A,
  KEY_B,
  kmsCalls,
  NO_KEY_CHANGES,
  NO_OUTCOMES,
  scheduleOnKms,
  useAuditEmulator,
} from './support.ts';

let kms: Emulator;

/** A record of another service, as a trail of the whole organization also writes. */
const COMPUTE_ENTRY = {
  resource: { type: 'audit-trails.trail', id: 'cnpaudittrail0000001' },
  timestamp: '2026-11-28T09:15:03Z',
  level: 'INFO',
  message: 'DONE yandex.cloud.audit.compute.StartInstance alice',
  json_payload: {
    event_id: 'cnpcomputeevent00001',
    event_type: 'yandex.cloud.audit.compute.StartInstance',
    event_status: 'DONE',
    details: { instance_id: 'fhmauditinstance0001' },
  },
};

const statusOf = (keyId: string, versionId: string) => kms.version(keyId, versionId)?.status;
const cancels = () => requestsOf(kms, 'cancelVersionDestruction');

useAuditEmulator((started) => {
  kms = started;
});

/** Schedules KEY_A's `a1` on the emulator; the request log then starts empty, so it holds only the guard's requests. */
async function scheduled(versionId = `${KEY_A}a1`): Promise<AuditLogEntry[]> {
  const entries = await scheduleOnKms(kms, KEY_A, versionId);
  assert.deepEqual(
    entries.map((entry) => entry.json_payload.event_status),
    ['STARTED', 'DONE'],
  );
  assert.equal(statusOf(KEY_A, versionId), 'SCHEDULED_FOR_DESTRUCTION');
  kms.clearRequests();
  return entries;
}

function assertCancelledOne(answer: AuditAnswerView, versionId: string, ignored: number): void {
  assert.deepEqual(Object.keys(answer).sort(), ['ignored', 'keyResults', 'keySummary', 'poison', 'results', 'summary']);
  assert.deepEqual(answer.summary, { ...NO_OUTCOMES, cancelled: 1 });
  assert.equal(answer.ignored, ignored);
  assert.equal(answer.poison, 0);
  assert.equal(answer.results.length, 1);
  const [result] = answer.results;
  assert.deepEqual([result!.keyId, result!.versionId, result!.outcome], [KEY_A, versionId, 'cancelled']);
  assert.equal(result!.version?.status, 'ACTIVE');
  assert.equal(statusOf(KEY_A, versionId), 'ACTIVE', 'the emulator holds the version ACTIVE again');
  assert.equal(cancels().length, 1, 'one cancel request');
}

describe('audit events reach the guard as the platform delivers them', () => {
  test('a Cloud Logging batch in snake_case, as the log group holds it: the DONE schedule is cancelled, the rest ignored', async () => {
    const [started, done] = await scheduled();
    const { answer, error } = await invokeGuard(batchOf(started, done, COMPUTE_ENTRY));
    assert.equal(error, undefined);
    assertCancelledOne(answer, `${KEY_A}a1`, 2);
  });

  test('the same batch with the payload in camelCase (the events reference spelling) is handled the same', async () => {
    const [started, done] = await scheduled();
    const event = batchOf(camelEntry(started!), camelEntry(done!), camelCased(COMPUTE_ENTRY));
    assert.equal(JSON.stringify(event).includes('key_id'), false, 'no snake_case field left in the payloads');
    const { answer, error } = await invokeGuard(event);
    assert.equal(error, undefined);
    assertCancelledOne(answer, `${KEY_A}a1`, 2);
    assert.equal(answer.results[0]!.scheduledBy?.subjectId, ALICE.id, 'read from authentication.subjectId');
  });

  test('a bare audit event (EventRouter, a direct call), in either casing, is handled as one record', async () => {
    const done = doneOf(await scheduled());
    const snake = await invokeGuard(done.json_payload);
    assert.equal(snake.error, undefined);
    assertCancelledOne(snake.answer, `${KEY_A}a1`, 0);

    const camelDone = doneOf(await scheduled(`${KEY_A}a2`));
    const camel = await invokeGuard(camelCased(camelDone.json_payload));
    assert.equal(camel.error, undefined);
    assertCancelledOne(camel.answer, `${KEY_A}a2`, 0);
  });

  test('only a STARTED record: ignored, and no KMS request at all', async () => {
    const [started] = await scheduled();
    const { answer, error } = await invokeGuard(batchOf(started));
    assert.equal(error, undefined);
    assert.deepEqual(answer, { results: [], ignored: 1, poison: 0, summary: NO_OUTCOMES, ...NO_KEY_CHANGES });
    assert.deepEqual(kmsCalls(kms), []);
    assert.equal(statusOf(KEY_A, `${KEY_A}a1`), 'SCHEDULED_FOR_DESTRUCTION');
  });

  test('ERROR, CANCELLED and unknown statuses, and a cancel event, are ignored without a KMS request', async () => {
    const done = doneOf(await scheduled());
    const withStatus = (status: string) => alteredEntry(done, (payload) => (payload.event_status = status));
    const cancelEvent = alteredEntry(
      done,
      (payload) => (payload.event_type = 'yandex.cloud.audit.kms.CancelSymmetricKeyVersionDestruction'),
    );
    const { answer, error } = await invokeGuard(batchOf(withStatus('ERROR'), withStatus('CANCELLED'), withStatus('RUNNING'), cancelEvent));
    assert.equal(error, undefined);
    assert.deepEqual(answer, { results: [], ignored: 4, poison: 0, summary: NO_OUTCOMES, ...NO_KEY_CHANGES });
    assert.deepEqual(kmsCalls(kms), []);
  });

  test('the same version twice in a batch: one result, one cancel; a later batch with it settles as already-active', async () => {
    const done = doneOf(await scheduled());
    const again = alteredEntry(done, (payload) => (payload.event_id = 'cnpauditrepeat000001'));
    const first = await invokeGuard(batchOf(done, again));
    assert.equal(first.error, undefined);
    assertCancelledOne(first.answer, `${KEY_A}a1`, 1);

    kms.clearRequests();
    const second = await invokeGuard(batchOf(done));
    assert.equal(second.error, undefined);
    assert.deepEqual(second.answer.summary, { ...NO_OUTCOMES, alreadyActive: 1 });
    assert.equal(second.answer.results[0]!.outcome, 'already-active');
    assert.equal(statusOf(KEY_A, `${KEY_A}a1`), 'ACTIVE');
  });
});

describe('failures', () => {
  test('a failure that may pass (503 past KMS_MAX_ATTEMPTS=2) makes a logging batch throw after logging, so it is redelivered', async () => {
    const done = doneOf(await scheduled());
    const other = doneOf(await scheduleOnKms(kms, KEY_B, `${KEY_B}a1`));
    kms.clearRequests();
    kms.faults.add({ route: 'cancelVersionDestruction', keyId: KEY_A, status: 503 });
    const { error, logs } = await invokeGuard(batchOf(done, other));
    assert.ok(error instanceof Error, 'the batch fails');
    assert.match(error.message, /^UNAVAILABLE: 1 destruction\(s\) not confirmed cancelled/);
    assert.equal(cancels().filter((request) => request.keyId === KEY_A).length, 2, 'tried KMS_MAX_ATTEMPTS times');
    assert.equal(statusOf(KEY_A, `${KEY_A}a1`), 'SCHEDULED_FOR_DESTRUCTION');
    assert.equal(statusOf(KEY_B, `${KEY_B}a1`), 'ACTIVE', 'the rest of the batch was done before it failed');
    const failure = logs.find((line) => line.level === 'ERROR' && line.msg === 'could not cancel destruction');
    assert.deepEqual([failure?.keyId, failure?.versionId, failure?.code], [KEY_A, `${KEY_A}a1`, 'UNAVAILABLE']);
    assert.ok(logs.some((line) => line.level === 'WARN' && line.msg === 'key version destruction scheduled by alice: failed'));
    assert.ok(logs.some((line) => line.msg === 'audit batch done' && line.failed === 1 && line.cancelled === 1));
  });

  test('the same failure from a bare event (a direct call) never throws: it answers the failed result', async () => {
    const done = doneOf(await scheduled());
    kms.faults.add({ route: 'cancelVersionDestruction', status: 503 });
    const { answer, error } = await invokeGuard(done.json_payload);
    assert.equal(error, undefined);
    assert.deepEqual(answer.summary, { ...NO_OUTCOMES, failed: 1 });
    const [result] = answer.results;
    assert.deepEqual([result!.keyId, result!.versionId, result!.outcome, result!.error?.code], [KEY_A, `${KEY_A}a1`, 'failed', 14]);
    assert.equal(cancels().length, 2);
    assert.equal(statusOf(KEY_A, `${KEY_A}a1`), 'SCHEDULED_FOR_DESTRUCTION');
  });

  test('a cancel whose operation is still running at the deadline is pending: a logging batch throws so it is redelivered, a bare event answers it', async (t) => {
    const done = doneOf(await scheduled());
    // KMS accepts the cancel but its operation never finishes within the invocation.
    kms.configure({ operationPolls: 1_000 });
    t.after(() => kms.configure({ operationPolls: 0 }));
    const batch = await invokeGuard(batchOf(done), 1_500);
    assert.ok(batch.error instanceof Error, 'the batch fails, so the trigger delivers it again');
    assert.match(batch.error.message, /1 destruction\(s\) not confirmed cancelled/);
    const pending = batch.logs.find((line) => line.level === 'WARN' && line.msg === 'key version destruction scheduled by alice: pending');
    assert.deepEqual([pending?.keyId, pending?.versionId, pending?.outcome], [KEY_A, `${KEY_A}a1`, 'pending']);
    assert.ok(!batch.lines.some((line) => /: cancelled"/.test(line)), 'never logged as cancelled');
    assert.equal(cancels().length, 1, 'one cancel: the operation was accepted, so it is polled, not sent again');

    // Redelivered as a bare event (a direct call): the version is still scheduled, the cancel is in flight.
    kms.clearRequests();
    const bare = await invokeGuard(done.json_payload, 1_500);
    assert.equal(bare.error, undefined, 'a caller gets the answer, not an error');
    assert.deepEqual(bare.answer.summary, { ...NO_OUTCOMES, pending: 1 });
    assert.deepEqual([bare.answer.results[0]?.keyId, bare.answer.results[0]?.outcome], [KEY_A, 'pending']);
  });

  test('final failures (a destroyed version, an unknown key) return normally, each named with its reason', async () => {
    const done = doneOf(await scheduled());
    const destroyed = alteredEntry(done, (payload) => {
      payload.event_id = 'cnpauditdestroyed001';
      payload.details.version_id = `${KEY_A}d1`;
    });
    const unknownKey = alteredEntry(done, (payload) => {
      payload.event_id = 'cnpauditunknown00001';
      payload.details.key_id = 'abjauditnosuchkey001';
    });
    const { answer, error, logs } = await invokeGuard(batchOf(destroyed, unknownKey));
    assert.equal(error, undefined, 'nothing would change on redelivery: the batch returns');
    assert.deepEqual(answer.summary, { ...NO_OUTCOMES, failed: 2 });
    assert.deepEqual(
      answer.results.map((r) => [r.keyId, r.versionId, r.outcome, r.error?.code]),
      [
        [KEY_A, `${KEY_A}d1`, 'failed', 9],
        ['abjauditnosuchkey001', `${KEY_A}a1`, 'failed', 5],
      ],
    );
    assert.match(answer.results[0]!.error!.message, /destroyed/);
    const failures = logs.filter((line) => line.level === 'ERROR' && line.msg === 'could not cancel destruction');
    assert.deepEqual(
      failures.map((line) => [line.keyId, line.versionId, line.code]),
      [
        [KEY_A, `${KEY_A}d1`, 'FAILED_PRECONDITION'],
        ['abjauditnosuchkey001', `${KEY_A}a1`, 'NOT_FOUND'],
      ],
    );
  });
});

describe('poison', () => {
  test('unreadable schedule events are counted, logged at ERROR naming the field, never retried; the rest is done', async () => {
    const done = doneOf(await scheduled());
    const noKey = alteredEntry(done, (payload) => {
      payload.event_id = 'cnpauditnokey0000001';
      delete payload.details.key_id;
    });
    const badVersion = alteredEntry(done, (payload) => {
      payload.event_id = 'cnpauditbadversion01';
      payload.details.version_id = '../operations/x';
    });
    const { answer, error, logs } = await invokeGuard(batchOf(noKey, 'not a log entry', badVersion, done));
    assert.equal(error, undefined, 'a poison record is never redelivered: the batch returns');
    assert.equal(answer.poison, 3);
    assert.equal(answer.ignored, 0);
    assert.deepEqual(answer.summary, { ...NO_OUTCOMES, cancelled: 1 });
    assert.equal(statusOf(KEY_A, `${KEY_A}a1`), 'ACTIVE');
    assert.deepEqual(kmsCalls(kms), [`cancelVersionDestruction ${KEY_A}`], 'no request built from a bad record');

    const refused = logs.filter((line) => line.level === 'ERROR' && line.msg === 'audit record refused: not a readable KMS event');
    assert.equal(refused.length, 3);
    const byEntry = Object.fromEntries(refused.map((line) => [line.entry, line]));
    assert.match(byEntry.cnpauditnokey0000001?.reason, /^event\.details\.key_id: is required/);
    assert.match(byEntry.cnpauditbadversion01?.reason, /^event\.details\.version_id: must be 1 to 50 Latin letters or digits/);
    assert.match(byEntry['#1']?.reason, /entry.*must be a log entry object/);
    assert.ok(refused.every((line) => line.code === 'INVALID_ARGUMENT'));
  });

  test('odd optional fields (an event time that is an object, a label that is not text) do not cost a destruction its cancel', async () => {
    const done = doneOf(await scheduled());
    const odd = alteredEntry(done, (payload) => {
      payload.event_time = { seconds: 1 };
      payload.details.labels = { 'destroy-approved': 5, team: 'audit' };
      payload.request_metadata.user_agent = ['not', 'text'];
    });
    const { answer, error } = await invokeGuard(batchOf(odd));
    assert.equal(error, undefined);
    assert.equal(answer.poison, 0);
    assert.deepEqual(answer.summary, { ...NO_OUTCOMES, cancelled: 1 });
    assert.equal(answer.results[0]?.scheduledBy?.eventTime, undefined, 'an odd field is left out, never guessed');
    assert.equal(answer.results[0]?.scheduledBy?.userAgent, undefined);
    assert.equal(statusOf(KEY_A, `${KEY_A}a1`), 'ACTIVE');
  });

  test('a bare schedule event that cannot be read is poison too, and answered, not thrown', async () => {
    const done = doneOf(await scheduled());
    const { answer, error } = await invokeGuard({ ...done.json_payload, details: { ...done.json_payload.details, key_id: 7 } });
    assert.equal(error, undefined);
    assert.deepEqual(answer, { results: [], ignored: 0, poison: 1, summary: NO_OUTCOMES, ...NO_KEY_CHANGES });
    assert.deepEqual(kmsCalls(kms), []);
  });
});
