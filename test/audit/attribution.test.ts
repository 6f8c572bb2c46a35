// Who scheduled a destruction, as the audit event says: in every result (`scheduledBy`) and in one WARN line
// per scheduled destruction. The event's token information is never read: it is in no answer and no log line.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { AuditLogEntry, Emulator } from '../../local/emulator/index.ts';
import { setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import {
  ALICE,
  alteredEntry,
  auditSeed,
  batchOf,
  camelCased,
  camelEntry,
  doneOf,
  type GuardRun,
  guardEnv,
  invokeGuard,
  KEY_A,
  KEY_B,
  scheduleOnKms,
  USER_AGENT,
} from './support.ts';

let kms: Emulator;
let restoreEnv: () => void;
const ROBOT = { id: 'ajeauditrobot0000001' };

before(async () => {
  kms = await startKms();
  restoreEnv = setEnv(guardEnv(kms, { LOG_LEVEL: 'TRACE' }));
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed(auditSeed());
  kms.faults.clear();
  kms.audit.clear();
  kms.subjects.clear();
  kms.subjects.add({ [TEST_TOKEN]: ALICE });
});
after(async () => {
  restoreEnv();
  await kms.close();
});

/** What the event says of who scheduled it, field by field, read from the record itself. */
function attributionIn(entry: AuditLogEntry): Record<string, string> {
  const event = entry.json_payload;
  return {
    subjectId: event.authentication.subject_id,
    ...(event.authentication.subject_name ? { subjectName: event.authentication.subject_name } : {}),
    subjectType: event.authentication.subject_type,
    remoteAddress: event.request_metadata.remote_address,
    userAgent: event.request_metadata.user_agent,
    requestId: event.request_metadata.request_id,
    eventTime: event.event_time,
    eventId: event.event_id,
  };
}

/** The token information of every record: it must appear nowhere the guard writes. */
function tokenInfoOf(entries: readonly AuditLogEntry[]): string[] {
  const values = entries.flatMap((entry) => Object.values(entry.json_payload.authentication.token_info));
  assert.ok(values.length > 0 && values.every((value) => value.length >= 3));
  return [...new Set([...values, TEST_TOKEN])];
}

function assertNoTokenInfo(run: GuardRun, secrets: readonly string[]): void {
  const texts = [...run.lines, JSON.stringify(run.answer ?? null), String(run.error?.message ?? ''), String(run.error?.stack ?? '')];
  for (const secret of secrets) {
    const leak = texts.find((text) => text.includes(secret));
    assert.equal(leak, undefined, `token information ${JSON.stringify(secret)} was written`);
  }
  assert.ok(!texts.some((text) => /masked_?iam_?token|iam_?token_?id|token_?info/i.test(text)), 'a token_info field was written');
}

describe('attribution from the audit event', () => {
  test('scheduledBy in the answer is what the event says: subject, type, address, user agent, request, time, event', async () => {
    const done = doneOf(await scheduleOnKms(kms, KEY_A, `${KEY_A}a1`));
    const expected = attributionIn(done);
    assert.deepEqual(
      [expected.subjectId, expected.subjectName, expected.subjectType, expected.remoteAddress, expected.userAgent],
      [ALICE.id, ALICE.name, ALICE.type, '127.0.0.1', USER_AGENT],
      'the emulator recorded the subject mapped to the token and the request it came from',
    );
    const fromBatch = await invokeGuard(batchOf(done));
    assert.deepEqual(fromBatch.answer.results[0]?.scheduledBy, expected);

    const again = doneOf(await scheduleOnKms(kms, KEY_A, `${KEY_A}a2`));
    const camel = await invokeGuard(camelCased(again.json_payload));
    assert.equal(camel.answer.results[0]?.outcome, 'cancelled');
    assert.deepEqual(camel.answer.results[0]?.scheduledBy, attributionIn(again), 'the same from a camelCase bare event');
  });

  test('one WARN line per scheduled destruction names who scheduled it, from where, and what was done', async () => {
    kms.seed(auditSeed({ [KEY_B]: { 'destroy-approved': `${KEY_B}a1` } }));
    const a = await scheduleOnKms(kms, KEY_A, `${KEY_A}a1`);
    const b = doneOf(await scheduleOnKms(kms, KEY_B, `${KEY_B}a1`));
    // A's STARTED and DONE, A's DONE again, and B (approved by its key label): two destructions, two lines.
    const run = await invokeGuard(batchOf(...a, doneOf(a), b));
    const lines = run.logs.filter((line) => line.level === 'WARN' && /^key version destruction scheduled by /.test(line.msg));
    assert.deepEqual(
      lines.map((line) => [line.msg, line.keyId, line.versionId, line.outcome]),
      [
        ['key version destruction scheduled by alice: cancelled', KEY_A, `${KEY_A}a1`, 'cancelled'],
        ['key version destruction scheduled by alice: approved', KEY_B, `${KEY_B}a1`, 'approved'],
      ],
    );
    for (const [line, entry] of [
      [lines[0]!, doneOf(a)],
      [lines[1]!, b],
    ] as const) {
      const who = attributionIn(entry);
      for (const [field, value] of Object.entries(who)) assert.equal(line[field], value, `${line.keyId}: ${field}`);
      assert.equal(line.destroyAt, entry.json_payload.details.destroy_at);
    }
    assert.equal(lines[1]!.approvedBy, 'APPROVAL_LABEL');
  });

  test('a subject without a name is named by its ID; what the event does not say stays absent', async () => {
    kms.subjects.add({ [TEST_TOKEN]: ROBOT });
    const done = doneOf(await scheduleOnKms(kms, KEY_A, `${KEY_A}a1`));
    const bare = alteredEntry(done, (payload) => {
      delete payload.request_metadata;
      delete payload.event_time;
    });
    const run = await invokeGuard(batchOf(bare));
    assert.deepEqual(run.answer.results[0]?.scheduledBy, {
      subjectId: ROBOT.id,
      subjectType: 'SERVICE_ACCOUNT',
      eventId: done.json_payload.event_id,
    });
    const line = run.logs.find((l) => l.level === 'WARN' && l.msg === `key version destruction scheduled by ${ROBOT.id}: cancelled`);
    assert.ok(line, 'the WARN line names the subject ID');
    assert.equal('subjectName' in line, false);
    assert.equal('userAgent' in line, false);
  });

  test('however long the event text (a user agent, a subject name), the WARN line stays one record under 64 KiB', async () => {
    const done = doneOf(await scheduleOnKms(kms, KEY_A, `${KEY_A}a1`));
    const long = alteredEntry(done, (payload) => {
      payload.request_metadata.user_agent = 'a'.repeat(80_000);
      payload.authentication.subject_name = '\u0001'.repeat(80_000);
    });
    const run = await invokeGuard(batchOf(long));
    assert.equal(run.answer.results[0]?.outcome, 'cancelled', 'the destruction is cancelled all the same');
    assert.equal(run.answer.results[0]?.scheduledBy?.userAgent, 'a'.repeat(80_000), 'the answer says what the event says');
    const sizes = run.lines.map((line) => Buffer.byteLength(line));
    assert.ok(Math.max(...sizes) < 64 * 1024, `log lines of ${Math.max(...sizes)} bytes`);
    const line = run.logs.find((l) => l.level === 'WARN' && /^key version destruction scheduled by /.test(l.msg));
    assert.ok(line, 'the WARN line is there, structured');
    assert.equal(line.userAgent, `${'a'.repeat(500)}…`, 'cut, and marked as cut');
    assert.equal(line.subjectId, ALICE.id);
    assert.equal(line.outcome, 'cancelled');
  });

  test('the event token information (masked token, token ID) is in no log line and no answer, whatever happens', async () => {
    const a = await scheduleOnKms(kms, KEY_A, `${KEY_A}a1`);
    const b = await scheduleOnKms(kms, KEY_B, `${KEY_B}a1`);
    const c = await scheduleOnKms(kms, KEY_A, `${KEY_A}a2`);
    const secrets = tokenInfoOf([...a, ...b, ...c]);
    assert.equal(secrets.length, 3, 'one token: its masked form, its ID and itself');
    const poison = alteredEntry(doneOf(a), (payload) => (payload.details.version_id = 'not/an/id'));
    // A cancelled, B failed (a fault that may pass), a poison record, STARTED records: every log line at TRACE.
    kms.faults.add({ route: 'cancelVersionDestruction', keyId: KEY_B, status: 503 });
    const snake = await invokeGuard(batchOf(...a, ...b, poison));
    assert.match(String(snake.error?.message), /^UNAVAILABLE/);
    assertNoTokenInfo(snake, secrets);

    kms.faults.clear();
    const camel = await invokeGuard(batchOf(...[...b, ...c].map(camelEntry)));
    assert.equal(camel.error, undefined);
    assert.deepEqual(camel.answer.summary.cancelled, 2);
    assertNoTokenInfo(camel, secrets);

    const d = await scheduleOnKms(kms, KEY_A, `${KEY_A}a3`);
    const direct = await invokeGuard(doneOf(d).json_payload);
    assert.equal(direct.answer.results[0]?.outcome, 'cancelled');
    assertNoTokenInfo(direct, secrets);
  });
});
