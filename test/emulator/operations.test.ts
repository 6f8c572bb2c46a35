// Operations: with polls nothing changes until the operation is done, then the change applies; ListOperations
// lists every operation of a key, newest first, each naming the subject whose token made it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_SUBJECT, type Emulator } from '../../local/emulator/index.ts';
import { call, errorOf, get, KEY, OLDER, PRIMARY, post, SCHEDULED, SMALL_SEED, startFor, TOKEN } from './helpers.ts';

const cancel = `/kms/v1/keys/${KEY}:cancelVersionDestruction`;

test('with operationPolls 2, a cancel applies only on the second poll', async (t) => {
  const emulator = await startFor(t, { operationPolls: 2 });
  const created = await post(emulator, cancel, { versionId: SCHEDULED });
  assert.equal(created.status, 200);
  assert.equal('done' in created.body, false, 'done:false is left out');
  assert.equal('response' in created.body, false);
  assert.equal('error' in created.body, false);
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'SCHEDULED_FOR_DESTRUCTION');

  const first = await get(emulator, `/operations/${created.body.id}`);
  assert.equal(first.body.done, undefined);
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'SCHEDULED_FOR_DESTRUCTION');

  const second = await get(emulator, `/operations/${created.body.id}`);
  assert.equal(second.body.done, true);
  assert.equal(second.body.response.status, 'ACTIVE');
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'ACTIVE');

  const third = await get(emulator, `/operations/${created.body.id}`);
  assert.deepEqual(third.body, second.body, 'a finished operation keeps its result');
});

test('the change is re-checked when the operation finishes: a version destroyed meanwhile ends in FAILED_PRECONDITION', async (t) => {
  const emulator = await startFor(t, { operationPolls: 1 });
  const created = await post(emulator, cancel, { versionId: SCHEDULED });
  emulator.clock.set('2026-01-13T00:00:00Z'); // past destroyAt
  const done = await get(emulator, `/operations/${created.body.id}`);
  assert.equal(done.status, 200);
  assert.equal(done.body.done, true);
  assert.equal(done.body.error.code, 9);
  assert.match(done.body.error.message, /DESTROYED/);
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'DESTROYED');
});

test('a pending schedule leaves the version ACTIVE until done, then uses the destroyAt its metadata announced', async (t) => {
  const emulator = await startFor(t, { operationPolls: 1 });
  const created = await post(emulator, `/kms/v1/keys/${KEY}:scheduleVersionDestruction`, { versionId: OLDER, pendingPeriod: '3600s' });
  assert.equal(emulator.version(KEY, OLDER)?.status, 'ACTIVE');
  const done = await get(emulator, `/operations/${created.body.id}`);
  assert.equal(done.body.response.destroyAt, created.body.metadata.destroyAt);
  assert.equal(emulator.version(KEY, OLDER)?.destroyAt, created.body.metadata.destroyAt);
});

test('a pending rotate changes the key only when done, to the version its metadata named', async (t) => {
  const emulator = await startFor(t, { operationPolls: 3 });
  const created = await post(emulator, `/kms/v1/keys/${KEY}:rotate`);
  const newId = created.body.metadata.newPrimaryVersionId;
  for (let poll = 1; poll <= 2; poll++) {
    await get(emulator, `/operations/${created.body.id}`);
    assert.equal((await get(emulator, `/kms/v1/keys/${KEY}`)).body.primaryVersion.id, PRIMARY, `after poll ${poll}`);
  }
  const done = await get(emulator, `/operations/${created.body.id}`);
  assert.equal(done.body.done, true);
  assert.equal((await get(emulator, `/kms/v1/keys/${KEY}`)).body.primaryVersion.id, newId);
});

test('with cancelRefusal "sync", a pending cancel of an ACTIVE version is still refused at once', async (t) => {
  const emulator = await startFor(t, { operationPolls: 2 });
  const error = errorOf(await post(emulator, cancel, { versionId: OLDER }));
  assert.deepEqual([error.httpStatus, error.code], [400, 9]);
});

test('with cancelRefusal "operation", the refusal comes only when the operation is done', async (t) => {
  const emulator = await startFor(t, { operationPolls: 1, cancelRefusal: 'operation' });
  const created = await post(emulator, cancel, { versionId: OLDER });
  assert.equal(created.status, 200);
  assert.equal(created.body.done, undefined);
  const done = await get(emulator, `/operations/${created.body.id}`);
  assert.deepEqual([done.body.done, done.body.error.code], [true, 9]);
});

test('modifiedAt moves to the time the operation finished', async (t) => {
  const emulator = await startFor(t, { operationPolls: 1 });
  const created = await post(emulator, cancel, { versionId: SCHEDULED });
  emulator.clock.advance(60_000);
  const done = await get(emulator, `/operations/${created.body.id}`);
  assert.equal(done.body.createdAt, created.body.createdAt);
  assert.ok(Date.parse(done.body.modifiedAt) - Date.parse(created.body.createdAt) >= 60_000);
});

test('configure({ operationPolls }) applies to operations created afterwards', async (t) => {
  const emulator = await startFor(t);
  assert.equal((await post(emulator, cancel, { versionId: SCHEDULED })).body.done, true);
  emulator.configure({ operationPolls: 1 });
  assert.equal((await post(emulator, `/kms/v1/keys/${KEY}:rotate`)).body.done, undefined);
  assert.throws(() => emulator.configure({ operationPolls: -1 }), /operationPolls/);
});

const OPS_TOKEN = 'ops-robot-token-000000000001';
const OPS_ROBOT = { id: 'ajeopsrobot000000001', name: 'ops-robot', type: 'SERVICE_ACCOUNT' as const };
const operations = (keyId: string, query = '') => `/kms/v1/keys/${keyId}/operations${query}`;
const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function allOperations(emulator: Emulator, keyId: string, pageSize: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const answer = await get(emulator, operations(keyId, `?pageSize=${pageSize}${token ? `&pageToken=${token}` : ''}`));
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    ids.push(...(answer.body.operations ?? []).map((operation: { id: string }) => operation.id));
    token = answer.body.nextPageToken;
    if (token !== undefined) assert.ok(token.length <= 100, 'a token fits the API limit of 100 characters');
    pages++;
  } while (token !== undefined);
  return { ids, pages };
}

describe('ListOperations', { concurrency: true }, () => {
  test('lists rotate, schedule and cancel operations of the key, newest first, the same as GET /operations shows them', async (t) => {
    const emulator = await startFor(t, { tokens: [TOKEN, OPS_TOKEN], subjects: { [OPS_TOKEN]: OPS_ROBOT } });
    const rotated = await post(emulator, `/kms/v1/keys/${KEY}:rotate`);
    emulator.clock.advance(1000);
    const scheduled = await call(emulator, 'POST', `/kms/v1/keys/${KEY}:scheduleVersionDestruction`, { versionId: OLDER }, as(OPS_TOKEN));
    emulator.clock.advance(1000);
    const cancelled = await post(emulator, `/kms/v1/keys/${KEY}:cancelVersionDestruction`, { versionId: SCHEDULED });

    const answer = await get(emulator, operations(KEY));
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.operations.map((operation: { id: string }) => operation.id),
      [cancelled.body.id, scheduled.body.id, rotated.body.id],
    );
    assert.deepEqual(answer.body.operations[1], scheduled.body, 'each item is the Operation, as created');
    assert.equal('nextPageToken' in answer.body, false);
    assert.deepEqual(
      answer.body.operations.map((operation: { createdBy: string }) => operation.createdBy),
      [DEFAULT_SUBJECT.id, OPS_ROBOT.id, DEFAULT_SUBJECT.id],
      'createdBy is the subject of the token; an unmapped token is the default demo subject',
    );
    assert.deepEqual(answer.body.operations[1].metadata, {
      '@type': 'type.googleapis.com/yandex.cloud.kms.v1.ScheduleSymmetricKeyVersionDestructionMetadata',
      keyId: KEY,
      versionId: OLDER,
      destroyAt: scheduled.body.metadata.destroyAt,
    });
  });

  test('an operation still running is listed without done, and done once polled to the end', async (t) => {
    const emulator = await startFor(t, { operationPolls: 1 });
    const created = await post(emulator, `/kms/v1/keys/${KEY}:cancelVersionDestruction`, { versionId: SCHEDULED });
    assert.equal((await get(emulator, operations(KEY))).body.operations[0].done, undefined);
    await get(emulator, `/operations/${created.body.id}`);
    const listed = (await get(emulator, operations(KEY))).body.operations[0];
    assert.deepEqual([listed.done, listed.response.status], [true, 'ACTIVE']);
  });

  test('pages of 2 list 7 operations exactly once in 4 pages; a token for another key or a forged one is refused', async (t) => {
    const emulator = await startFor(t, { seed: { keys: [...SMALL_SEED.keys, { id: 'abjother00000000001' }] } });
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      created.push((await post(emulator, `/kms/v1/keys/${KEY}:rotate`)).body.id);
      emulator.clock.advance(1000);
    }
    const { ids, pages } = await allOperations(emulator, KEY, 2);
    assert.equal(pages, 4);
    assert.deepEqual(ids, created.reverse());

    const token = (await get(emulator, operations(KEY, '?pageSize=2'))).body.nextPageToken;
    for (const [keyId, pageToken] of [
      ['abjother00000000001', token],
      [KEY, `${token.slice(0, -2)}AA`],
    ]) {
      const error = errorOf(await get(emulator, operations(keyId!, `?pageToken=${pageToken}`)));
      assert.deepEqual([error.httpStatus, error.code], [400, 3]);
      assert.match(error.message, /pageToken/);
    }
  });

  test('a seeded scheduledBy is listed as a finished schedule operation by that subject, dated before seeding', async (t) => {
    const seed = structuredClone(SMALL_SEED);
    Object.assign(seed.keys[0]!.versions![1]!, { scheduledBy: OPS_ROBOT.id });
    const emulator = await startFor(t, { seed });
    const listed = (await get(emulator, operations(KEY))).body.operations;
    assert.equal(listed.length, 1);
    const [operation] = listed;
    assert.deepEqual(
      [operation.description, operation.createdBy, operation.done, operation.metadata.versionId, operation.metadata.destroyAt],
      ['Schedule symmetric key version destruction', OPS_ROBOT.id, true, SCHEDULED, '2026-01-12T00:00:00Z'],
    );
    assert.equal(operation.response.status, 'SCHEDULED_FOR_DESTRUCTION');
    assert.ok(Date.parse(operation.createdAt) < Date.parse('2026-01-10T00:00:00Z'), `created before seeding: ${operation.createdAt}`);
    assert.deepEqual((await get(emulator, `/operations/${operation.id}`)).body, operation, 'the Operation service knows it too');
    assert.equal(emulator.version(KEY, SCHEDULED)?.scheduledBy, OPS_ROBOT.id, 'state shows who scheduled it');

    await post(emulator, `/kms/v1/keys/${KEY}:cancelVersionDestruction`, { versionId: SCHEDULED });
    assert.equal(emulator.version(KEY, SCHEDULED)?.scheduledBy, undefined, 'a cancelled version has nobody scheduling it');
  });

  test('a live schedule records its subject on the version until it is destroyed', async (t) => {
    const emulator = await startFor(t, { tokens: [OPS_TOKEN], subjects: { [OPS_TOKEN]: OPS_ROBOT } });
    await call(
      emulator,
      'POST',
      `/kms/v1/keys/${KEY}:scheduleVersionDestruction`,
      { versionId: OLDER, pendingPeriod: '60s' },
      as(OPS_TOKEN),
    );
    assert.equal(emulator.version(KEY, OLDER)?.scheduledBy, OPS_ROBOT.id);
    emulator.clock.advance(61_000);
    assert.deepEqual([emulator.version(KEY, OLDER)?.status, emulator.version(KEY, OLDER)?.scheduledBy], ['DESTROYED', undefined]);
  });

  test('a key without operations answers {}; unknown key 404, accessDenied key 403, bad paging 400', async (t) => {
    const emulator = await startFor(t);
    assert.deepEqual((await get(emulator, operations(KEY))).body, {});
    const cases: Array<[string, number, number, RegExp]> = [
      [operations('abjnosuchkey0000001'), 404, 5, /abjnosuchkey0000001/],
      [operations('abjdenied0000000001'), 403, 7, /Permission denied/],
      [operations(KEY, '?pageSize=1001'), 400, 3, /pageSize/],
      [operations(KEY, '?pageSize=-1'), 400, 3, /pageSize/],
      [operations(KEY, `?pageToken=${'x'.repeat(101)}`), 400, 3, /pageToken/],
      [operations('a'.repeat(51)), 400, 3, /keyId/],
    ];
    for (const [path, httpStatus, code, message] of cases) {
      const error = errorOf(await get(emulator, path));
      assert.deepEqual([error.httpStatus, error.code], [httpStatus, code], path);
      assert.match(error.message, message, path);
    }
    assert.equal((await call(emulator, 'GET', operations(KEY), undefined, {})).status, 401);
    assert.equal((await call(emulator, 'POST', operations(KEY))).status, 405);
  });

  test('subjects can be added and cleared while running; resolve() answers who a token is', async (t) => {
    const emulator = await startFor(t, { tokens: [TOKEN] });
    emulator.subjects.add({ [TOKEN]: { id: 'ajeperson0000000001', name: 'alice', type: 'YANDEX_PASSPORT_USER_ACCOUNT' } });
    assert.deepEqual(emulator.subjects.resolve(TOKEN), { id: 'ajeperson0000000001', name: 'alice', type: 'YANDEX_PASSPORT_USER_ACCOUNT' });
    assert.equal((await post(emulator, `/kms/v1/keys/${KEY}:rotate`)).body.createdBy, 'ajeperson0000000001');
    emulator.subjects.clear();
    assert.equal((await post(emulator, `/kms/v1/keys/${KEY}:rotate`)).body.createdBy, DEFAULT_SUBJECT.id);
    assert.deepEqual(emulator.subjects.resolve('anyone'), DEFAULT_SUBJECT);
    assert.throws(() => emulator.subjects.add({ [TOKEN]: { id: 'has space' } }), /subjects\[0\]\.id/);
    assert.throws(() => emulator.subjects.add({ [TOKEN]: { id: 'ajex', type: 'ROBOT' as 'SERVICE_ACCOUNT' } }), /subjects\[0\]\.type/);
    assert.equal(emulator.key(KEY)?.versions.find((v) => v.id === PRIMARY)?.primary, false, 'the rotations took effect');
  });
});
