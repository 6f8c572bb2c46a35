// The real-time key deletion defense over real HTTP to the emulator: keys created, updated and deleted on
// the emulator's REST API, their Audit Trails records handed to cancel-version-destruction as a Cloud
// Logging batch (snake_case and camelCase) or a bare EventRouter event.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditLogEntry, Emulator } from '../../local/emulator/index.ts';
import { keyChangeOverHttp, requestsOf, setEnv, TEST_TOKEN } from '../support/kms.ts';
import {
  ALICE,
  alteredEntry,
  auditSeed,
  batchOf,
  CLOUD_A,
  camelCased,
  camelEntry,
  doneOf,
  FOLDER_A1,
  FOLDER_A2,
  invokeGuard,
  KEY_A,
  KEY_B,
  KEY_C,
  kmsCalls,
  NO_KEY_OUTCOMES,
  USER_AGENT,
  useAuditEmulator,
} from './support.ts';

let kms: Emulator;
const HOUR = 3_600_000;

// KEY_A and KEY_C start protected, KEY_B does not.
useAuditEmulator(
  (started) => {
    kms = started;
  },
  () => auditSeed({}, [KEY_A, KEY_C]),
);

const ENFORCE = { ENFORCE_DELETION_PROTECTION: 'true' };
const isProtected = (keyId: string) => kms.key(keyId)?.deletionProtection;

/** A change made on the emulator as Alice would make it; the request log then holds only the guard's requests. */
async function changed(method: 'POST' | 'PATCH' | 'DELETE', keyId: string | undefined, body?: unknown): Promise<AuditLogEntry[]> {
  const answer = await keyChangeOverHttp(kms, method, keyId, body, { userAgent: USER_AGENT });
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  kms.clearRequests();
  return answer.entries;
}

/** A DONE record as the platform may deliver it: in a camelCase batch, or bare (EventRouter) in either casing. */
function spelled(shape: 'camel batch' | 'bare snake' | 'bare camel', done: AuditLogEntry): unknown {
  if (shape === 'camel batch') return batchOf(camelEntry(done));
  return shape === 'bare snake' ? done.json_payload : camelCased(done.json_payload);
}

const turnOff = (keyId: string) => changed('PATCH', keyId, { updateMask: 'deletionProtection', deletionProtection: false });

/** Who the results name: Alice, as the event names her. */
function assertAlice(changedBy: Record<string, string> | undefined, done: AuditLogEntry): void {
  assert.deepEqual(changedBy, {
    subjectId: ALICE.id,
    subjectName: ALICE.name,
    subjectType: ALICE.type,
    remoteAddress: '127.0.0.1',
    userAgent: USER_AGENT,
    requestId: done.json_payload.request_metadata.request_id,
    eventTime: done.json_payload.event_time,
    eventId: done.json_payload.event_id,
  });
}

describe('UpdateSymmetricKey: deletion protection turned off', () => {
  test('protected again at once; the result and a WARN line name who turned it off (snake_case batch)', async () => {
    setEnv(ENFORCE);
    const entries = await turnOff(KEY_A);
    assert.equal(isProtected(KEY_A), false);
    const { answer, error, logs } = await invokeGuard(batchOf(...entries));
    assert.equal(error, undefined);
    assert.equal(isProtected(KEY_A), true, 'the flag is on again');
    const result = answer.keyResults[0]!;
    assert.equal(answer.keyResults.length, 1);
    assert.equal(answer.ignored, 1, 'the STARTED record');
    assert.deepEqual(
      [result.keyId, result.folderId, result.cloudId, result.change, result.outcome],
      [KEY_A, FOLDER_A1, CLOUD_A, 'UpdateSymmetricKey', 'protected'],
    );
    assert.equal(result.operation.done, true);
    assertAlice(result.changedBy, doneOf(entries));
    assert.deepEqual(answer.keySummary, { ...NO_KEY_OUTCOMES, protected: 1 });
    assert.deepEqual(kmsCalls(kms), [`get ${KEY_A}`, `update ${KEY_A}`], 'one Get confirms, one PATCH protects');
    const warn = logs.find((line) => line.level === 'WARN' && line.keyId === KEY_A);
    assert.equal(warn?.msg, `deletion protection of key ${KEY_A} turned off by alice: protected`);
    assert.deepEqual([warn?.subjectId, warn?.remoteAddress, warn?.userAgent], [ALICE.id, '127.0.0.1', USER_AGENT]);
  });

  test('the same in camelCase, and as a bare EventRouter event in either casing', async () => {
    setEnv(ENFORCE);
    for (const shape of ['camel batch', 'bare snake', 'bare camel'] as const) {
      const done = doneOf(await turnOff(KEY_A));
      const { answer, error } = await invokeGuard(spelled(shape, done));
      assert.equal(error, undefined, shape);
      assert.deepEqual(
        answer.keyResults.map((r) => [r.keyId, r.outcome, r.changedBy?.subjectName]),
        [[KEY_A, 'protected', 'alice']],
        shape,
      );
      assert.equal(isProtected(KEY_A), true, shape);
    }
  });

  test('enforcement off (the default): creations and updates are ignored, no KMS request, the key stays as it is', async () => {
    const entries = await turnOff(KEY_A);
    const { answer, error, logs } = await invokeGuard(batchOf(...entries));
    assert.equal(error, undefined);
    assert.deepEqual([answer.keyResults, answer.ignored], [[], 2]);
    assert.deepEqual(kmsCalls(kms), []);
    assert.equal(isProtected(KEY_A), false);
    assert.ok(logs.some((line) => line.msg === 'audit record ignored' && /ENFORCE_DELETION_PROTECTION is off/.test(line.reason)));
  });

  test('DRY_RUN=true: would-protect after one Get, nothing changed', async () => {
    setEnv({ ...ENFORCE, DRY_RUN: 'true' });
    const { answer } = await invokeGuard(batchOf(...(await turnOff(KEY_A))));
    assert.deepEqual(
      answer.keyResults.map((r) => r.outcome),
      ['would-protect'],
    );
    assert.deepEqual(kmsCalls(kms), [`get ${KEY_A}`]);
    assert.equal(isProtected(KEY_A), false);
  });

  test('an update that left protection on (a label change): one Get, already-protected, no PATCH and no WARN', async () => {
    setEnv(ENFORCE);
    const entries = await changed('PATCH', KEY_C, { updateMask: 'labels', labels: { protect: 'true', team: 'x' } });
    const { answer, logs } = await invokeGuard(batchOf(...entries));
    assert.deepEqual(
      answer.keyResults.map((r) => [r.keyId, r.outcome]),
      [[KEY_C, 'already-protected']],
    );
    assert.deepEqual(kmsCalls(kms), [`get ${KEY_C}`]);
    assert.equal(logs.filter((line) => line.level === 'WARN').length, 0, logs.map((l) => l.msg).join('\n'));
  });

  test('approved: DELETION_APPROVAL_LABEL on the key as it is now, or the subject in APPROVED_SUBJECT_IDS; left unprotected', async () => {
    setEnv(ENFORCE);
    const labelled = await changed('PATCH', KEY_A, {
      updateMask: 'labels,deletionProtection',
      labels: { 'delete-approved': 'ticket-42' },
      deletionProtection: false,
    });
    const byLabel = await invokeGuard(batchOf(...labelled));
    assert.deepEqual(byLabel.answer.keyResults[0]?.approval, { rule: 'DELETION_APPROVAL_LABEL', label: 'delete-approved' });
    assert.equal(byLabel.answer.keyResults[0]?.outcome, 'approved');
    assert.deepEqual(kmsCalls(kms), [`get ${KEY_A}`]);
    assert.equal(isProtected(KEY_A), false);

    setEnv({ DELETION_APPROVAL_LABEL: 'other-label', APPROVED_SUBJECT_IDS: ALICE.id });
    const bySubject = await invokeGuard(batchOf(...(await turnOff(KEY_C))));
    assert.deepEqual(bySubject.answer.keyResults[0]?.approval, { rule: 'APPROVED_SUBJECT_IDS', subjectId: ALICE.id });
    assert.deepEqual(kmsCalls(kms), [], 'a subject approval needs no request');
    assert.equal(isProtected(KEY_C), false);
  });

  test('the same key twice in a batch: one Get and one PATCH, naming who turned protection off', async () => {
    setEnv(ENFORCE);
    const labels = doneOf(await changed('PATCH', KEY_A, { updateMask: 'labels', labels: { protect: 'true' } }));
    const off = doneOf(await turnOff(KEY_A));
    const offByBob = alteredEntry(off, (payload) => {
      payload.authentication.subject_id = 'ajebob00000000000001';
      payload.authentication.subject_name = 'bob';
      payload.event_id = 'cnpbobevent000000001';
    });
    const { answer } = await invokeGuard(batchOf(labels, offByBob, labels));
    assert.deepEqual(
      answer.keyResults.map((r) => [r.outcome, r.changedBy?.subjectName]),
      [['protected', 'bob']],
    );
    assert.equal(answer.ignored, 2);
    assert.deepEqual(kmsCalls(kms), [`get ${KEY_A}`, `update ${KEY_A}`]);
  });
});

describe('CreateSymmetricKey', () => {
  test('a new key without protection is protected at once; one created with it is believed, no request', async () => {
    setEnv(ENFORCE);
    const made = await changed('POST', undefined, { folderId: FOLDER_A2, name: 'fresh' });
    const keyId = doneOf(made).json_payload.details.key_id as string;
    const { answer } = await invokeGuard(batchOf(...made));
    assert.deepEqual(
      answer.keyResults.map((r) => [r.keyId, r.keyName, r.change, r.outcome, r.changedBy?.subjectName]),
      [[keyId, 'fresh', 'CreateSymmetricKey', 'protected', 'alice']],
    );
    assert.equal(isProtected(keyId), true);

    const safe = await changed('POST', undefined, { folderId: FOLDER_A2, deletionProtection: true });
    const second = await invokeGuard(batchOf(...safe));
    assert.deepEqual(
      second.answer.keyResults.map((r) => r.outcome),
      ['already-protected'],
    );
    assert.deepEqual(kmsCalls(kms), []);
  });

  test('the same in camelCase, and as a bare EventRouter event in either casing', async () => {
    setEnv(ENFORCE);
    for (const shape of ['camel batch', 'bare snake', 'bare camel'] as const) {
      const done = doneOf(await changed('POST', undefined, { folderId: FOLDER_A2 }));
      const { answer } = await invokeGuard(spelled(shape, done));
      const keyId = done.json_payload.details.key_id as string;
      assert.deepEqual(
        answer.keyResults.map((r) => [r.keyId, r.outcome]),
        [[keyId, 'protected']],
        shape,
      );
      assert.equal(isProtected(keyId), true, shape);
    }
  });
});

describe('DeleteSymmetricKey', () => {
  test('deleted: an ERROR naming the key, its folder, who, from where, and until when support can restore it; never thrown', async () => {
    const entries = await changed('DELETE', KEY_B);
    const done = doneOf(entries);
    const { answer, error, logs } = await invokeGuard(batchOf(...entries));
    assert.equal(error, undefined, 'a deletion is answered: delivering the batch again would not help');
    const result = answer.keyResults[0]!;
    const until = new Date(Date.parse(done.json_payload.event_time) + 72 * HOUR).toISOString();
    assert.deepEqual(
      [result.keyId, result.folderId, result.cloudId, result.change, result.outcome, result.restorableUntil],
      [KEY_B, FOLDER_A2, CLOUD_A, 'DeleteSymmetricKey', 'deleted', until],
    );
    assertAlice(result.changedBy, done);
    assert.deepEqual(answer.keySummary, { ...NO_KEY_OUTCOMES, deleted: 1 });
    assert.deepEqual(kmsCalls(kms), [], 'nothing any API can do');
    const page = logs.find((line) => line.level === 'ERROR' && line.keyId === KEY_B);
    assert.ok(page, 'an ERROR line');
    assert.match(
      page.msg,
      new RegExp(`^key ${KEY_B} deleted by alice: .*no API can undo it; Yandex Cloud support can restore the key until ${until}$`),
    );
    assert.deepEqual(
      [page.folderId, page.subjectId, page.remoteAddress, page.userAgent, page.restorableUntil],
      [FOLDER_A2, ALICE.id, '127.0.0.1', USER_AGENT, until],
    );
  });

  test('the same in camelCase, and as a bare EventRouter event in either casing', async () => {
    for (const shape of ['camel batch', 'bare snake', 'bare camel'] as const) {
      kms.seed(auditSeed({}, [KEY_A, KEY_C]));
      const done = doneOf(await changed('DELETE', KEY_B));
      const { answer, error } = await invokeGuard(spelled(shape, done));
      assert.equal(error, undefined, shape);
      assert.deepEqual(
        answer.keyResults.map((r) => [r.keyId, r.outcome, r.folderId, r.changedBy?.subjectName, r.restorableUntil]),
        [[KEY_B, 'deleted', FOLDER_A2, 'alice', new Date(Date.parse(done.json_payload.event_time) + 72 * HOUR).toISOString()]],
        shape,
      );
    }
  });

  test('paged whether enforcement is on or off, and in a dry run', async () => {
    setEnv({ DRY_RUN: 'true' });
    const { answer } = await invokeGuard(batchOf(...(await changed('DELETE', KEY_B))));
    assert.deepEqual(
      answer.keyResults.map((r) => r.outcome),
      ['deleted'],
    );
  });

  test('an approved deletion (label in the event, or the subject): approved, a WARN, no ERROR', async () => {
    await changed('PATCH', KEY_B, { updateMask: 'labels', labels: { 'delete-approved': '' } });
    const byLabel = await invokeGuard(batchOf(...(await changed('DELETE', KEY_B))));
    const result = byLabel.answer.keyResults[0]!;
    assert.deepEqual([result.outcome, result.approval?.rule], ['approved', 'DELETION_APPROVAL_LABEL']);
    assert.ok(result.restorableUntil, 'when support can restore it, approved or not');
    assert.equal(byLabel.logs.filter((line) => line.level === 'ERROR').length, 0);
    assert.ok(byLabel.logs.some((line) => line.level === 'WARN' && line.msg === `key ${KEY_B} deleted by alice: approved`));

    kms.restoreKey(KEY_B);
    setEnv({ APPROVED_SUBJECT_IDS: ALICE.id, DELETION_APPROVAL_LABEL: 'other-label' });
    const bySubject = await invokeGuard(batchOf(...(await changed('DELETE', KEY_B))));
    assert.deepEqual(bySubject.answer.keyResults[0]?.approval, { rule: 'APPROVED_SUBJECT_IDS', subjectId: ALICE.id });
  });

  test('a protected key: KMS refuses the deletion, and its ERROR record is not acted on', async () => {
    const refused = await keyChangeOverHttp(kms, 'DELETE', KEY_A);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 9);
    assert.equal(kms.key(KEY_A)?.id, KEY_A, 'still there');
    const { answer } = await invokeGuard(batchOf(...refused.entries));
    assert.deepEqual([answer.keyResults, answer.ignored], [[], 1]);
  });
});

describe('faults and bad input', () => {
  test('a 403 on the PATCH is a final failed naming the missing role: answered, not thrown', async () => {
    setEnv(ENFORCE);
    const entries = await turnOff(KEY_A);
    kms.faults.add({ route: 'update', keyId: KEY_A, status: 403, message: 'Permission denied' });
    const { answer, error, logs } = await invokeGuard(batchOf(...entries));
    assert.equal(error, undefined);
    const result = answer.keyResults[0]!;
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error?.code, 7);
    assert.match(result.error?.message ?? '', /needs the kms\.editor role/);
    assert.equal(requestsOf(kms, 'update').length, 1, 'a refusal for lack of rights is not retried');
    assert.ok(
      logs.some(
        (line) => line.level === 'ERROR' && line.msg === 'could not turn deletion protection on' && line.code === 'PERMISSION_DENIED',
      ),
    );
  });

  test('a 409, 429 or 503 that passes is retried by the one loop; one that lasts makes the batch come back', async () => {
    setEnv({ ...ENFORCE, KMS_MAX_ATTEMPTS: '4' });
    const entries = await turnOff(KEY_A);
    kms.faults.add([
      { route: 'update', keyId: KEY_A, status: 409, code: 10, times: 1 },
      { route: 'update', keyId: KEY_A, status: 429, times: 1 },
      { route: 'update', keyId: KEY_A, status: 503, times: 1 },
    ]);
    const passing = await invokeGuard(batchOf(...entries));
    assert.equal(passing.error, undefined);
    assert.equal(passing.answer.keyResults[0]?.outcome, 'protected');
    assert.equal(requestsOf(kms, 'update').length, 4);

    setEnv({ KMS_MAX_ATTEMPTS: '2' });
    const again = await turnOff(KEY_A);
    kms.faults.add({ route: 'update', keyId: KEY_A, status: 503 });
    const lasting = await invokeGuard(batchOf(...again));
    assert.match(
      String(lasting.error?.message),
      /^UNAVAILABLE: 1 key\(s\) not confirmed protected from deletion for a reason that may pass/,
    );
    assert.equal(requestsOf(kms, 'update').length, 2, 'KMS_MAX_ATTEMPTS=2 PATCHes, no more');
    assert.equal(isProtected(KEY_A), false);
  });

  test('too little time left: no request, a failure that may pass, so the batch comes back; a deletion is still paged', async () => {
    setEnv(ENFORCE);
    const entries = [...(await turnOff(KEY_A)), ...(await changed('DELETE', KEY_B))];
    // 440 ms left, less the 250 ms safety margin: under the 200 ms a protection needs to start.
    const { error, logs } = await invokeGuard(batchOf(...entries), 440);
    assert.match(String(error?.message), /^UNAVAILABLE: 1 key\(s\) not confirmed protected from deletion/);
    assert.deepEqual(kmsCalls(kms), []);
    assert.ok(logs.some((line) => line.msg === 'could not turn deletion protection on' && line.code === 'DEADLINE_EXCEEDED'));
    assert.ok(logs.some((line) => line.level === 'ERROR' && line.keyId === KEY_B && /deleted by alice/.test(line.msg)));
  });

  test('malformed key events are poison; STARTED, out of scope and other KMS events are ignored', async () => {
    setEnv({ ...ENFORCE, KMS_FOLDER_IDS: FOLDER_A1 });
    const offA = await turnOff(KEY_A);
    const done = doneOf(offA);
    const noKey = alteredEntry(done, (payload) => delete payload.details.key_id);
    const badKey = alteredEntry(done, (payload) => (payload.details.key_id = 'not/an id'));
    const noStatus = alteredEntry(done, (payload) => delete payload.event_status);
    const rotate = alteredEntry(done, (payload) => (payload.event_type = 'yandex.cloud.audit.kms.RotateSymmetricKey'));
    const outOfScope = (await changed('DELETE', KEY_B)).at(-1)!;
    const { answer, error, logs } = await invokeGuard(batchOf(offA[0], noKey, badKey, noStatus, rotate, outOfScope));
    assert.equal(error, undefined);
    assert.deepEqual([answer.keyResults, answer.poison, answer.ignored], [[], 3, 3]);
    const refused = logs.filter((line) => line.msg === 'audit record refused: not a readable KMS event').map((line) => line.reason);
    assert.equal(refused.length, 3);
    assert.ok(refused.some((reason) => /event\.details\.key_id/.test(reason)));
    assert.ok(refused.some((reason) => /event\.event_status/.test(reason)));
    assert.deepEqual(kmsCalls(kms), []);
  });

  test('the token never appears in an answer or a log line', async () => {
    setEnv(ENFORCE);
    const entries = [...(await turnOff(KEY_A)), ...(await changed('DELETE', KEY_B))];
    kms.faults.add({ route: 'update', keyId: KEY_A, status: 403, message: `denied for ${TEST_TOKEN}` });
    const run = await invokeGuard(batchOf(...entries));
    const text = JSON.stringify(run.answer) + run.lines.join('\n');
    assert.ok(text.includes('[REDACTED]'), 'the echoed token was masked');
    assert.ok(!text.includes(TEST_TOKEN));
    assert.equal(run.answer.keyResults.length, 2);
  });
});

test('a key in another cloud outside KMS_CLOUD_IDS is out of scope; one in scope is acted on', async () => {
  setEnv({ ...ENFORCE, KMS_CLOUD_IDS: CLOUD_A });
  const { answer } = await invokeGuard(batchOf(...(await turnOff(KEY_C)), ...(await turnOff(KEY_A))));
  assert.deepEqual(
    answer.keyResults.map((r) => r.keyId),
    [KEY_A],
  );
  assert.equal(isProtected(KEY_C), false);
});
