// Operations that need polls: nothing changes until the operation is done, then the change applies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorOf, get, KEY, OLDER, PRIMARY, post, SCHEDULED, startFor } from './helpers.ts';

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
