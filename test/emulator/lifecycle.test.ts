// The life of a key version on the emulator clock: schedule, cancel, destruction when due, rotation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESTROYED, errorOf, get, KEY, OLDER, PRIMARY, post, SCHEDULED, startFor } from './helpers.ts';

const schedule = `/kms/v1/keys/${KEY}:scheduleVersionDestruction`;
const cancel = `/kms/v1/keys/${KEY}:cancelVersionDestruction`;
const DAY_MS = 86_400_000;

test('the primary version cannot be scheduled for destruction: 400 FAILED_PRECONDITION', async (t) => {
  const emulator = await startFor(t);
  const error = errorOf(await post(emulator, schedule, { versionId: PRIMARY }));
  assert.deepEqual([error.httpStatus, error.code], [400, 9]);
  assert.match(error.message, /the primary version cannot be destroyed/);
  assert.equal(emulator.version(KEY, PRIMARY)?.status, 'ACTIVE');
});

test('a version that is not ACTIVE cannot be scheduled: 400 FAILED_PRECONDITION naming its status', async (t) => {
  const emulator = await startFor(t);
  for (const [versionId, status] of [
    [SCHEDULED, 'SCHEDULED_FOR_DESTRUCTION'],
    [DESTROYED, 'DESTROYED'],
  ] as const) {
    const error = errorOf(await post(emulator, schedule, { versionId }));
    assert.deepEqual([error.httpStatus, error.code], [400, 9]);
    assert.match(error.message, new RegExp(status));
  }
  assert.equal(emulator.version(KEY, SCHEDULED)?.destroyAt, '2026-01-12T00:00:00Z', 'the earlier schedule stands');
});

test('scheduling without pendingPeriod destroys the version 7 days later', async (t) => {
  const emulator = await startFor(t);
  const before = emulator.clock.now().getTime();
  const answer = await post(emulator, schedule, { versionId: OLDER });
  assert.equal(answer.status, 200);
  const version = emulator.version(KEY, OLDER)!;
  assert.equal(version.status, 'SCHEDULED_FOR_DESTRUCTION');
  const delay = Date.parse(version.destroyAt!) - before;
  assert.ok(delay >= 7 * DAY_MS && delay < 7 * DAY_MS + 5000, `destroyAt is 7 days ahead (${delay} ms)`);
});

test('a scheduled version becomes DESTROYED once the clock passes destroyAt, and loses destroyAt', async (t) => {
  const emulator = await startFor(t);
  emulator.clock.set('2026-01-11T23:59:00Z');
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'SCHEDULED_FOR_DESTRUCTION');
  emulator.clock.advance(60_000);
  const listed = await get(emulator, `/kms/v1/keys/${KEY}/versions`);
  const version = listed.body.keyVersions.find((v: { id: string }) => v.id === SCHEDULED);
  assert.equal(version.status, 'DESTROYED');
  assert.equal('destroyAt' in version, false);
});

test('cancel brings a scheduled version back to ACTIVE without destroyAt, and it is not destroyed later', async (t) => {
  const emulator = await startFor(t);
  assert.equal((await post(emulator, cancel, { versionId: SCHEDULED })).status, 200);
  emulator.clock.advance(30 * DAY_MS);
  const version = emulator.version(KEY, SCHEDULED)!;
  assert.equal(version.status, 'ACTIVE');
  assert.equal(version.destroyAt, undefined);
});

test('cancel of an ACTIVE or DESTROYED version: 400 FAILED_PRECONDITION at once by default, naming the status', async (t) => {
  const emulator = await startFor(t);
  for (const [versionId, status] of [
    [OLDER, 'ACTIVE'],
    [DESTROYED, 'DESTROYED'],
  ] as const) {
    const error = errorOf(await post(emulator, cancel, { versionId }));
    assert.deepEqual([error.httpStatus, error.code], [400, 9]);
    assert.match(error.message, new RegExp(`is ${status}`));
    assert.equal(emulator.version(KEY, versionId)?.status, status);
  }
});

test('with cancelRefusal "operation", that cancel answers 200 with an Operation ending in FAILED_PRECONDITION', async (t) => {
  const emulator = await startFor(t, { cancelRefusal: 'operation' });
  for (const [versionId, status] of [
    [OLDER, 'ACTIVE'],
    [DESTROYED, 'DESTROYED'],
  ] as const) {
    const answer = await post(emulator, cancel, { versionId });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.done, true);
    assert.equal(answer.body.error.code, 9);
    assert.match(answer.body.error.message, new RegExp(`is ${status}`));
    assert.equal('response' in answer.body, false);
    assert.equal(answer.body.metadata.versionId, versionId);
  }
});

test('configure() switches the cancel refusal while running', async (t) => {
  const emulator = await startFor(t);
  emulator.configure({ cancelRefusal: 'operation' });
  assert.equal((await post(emulator, cancel, { versionId: OLDER })).status, 200);
  emulator.configure({ cancelRefusal: 'sync' });
  assert.equal((await post(emulator, cancel, { versionId: OLDER })).status, 400);
  assert.throws(() => emulator.configure({ cancelRefusal: 'never' as 'sync' }), /cancelRefusal/);
});

test('rotate adds an ACTIVE primary version; the old primary stays ACTIVE, not primary; rotatedAt is set', async (t) => {
  const emulator = await startFor(t);
  const answer = await post(emulator, `/kms/v1/keys/${KEY}:rotate`);
  const newId = answer.body.metadata.newPrimaryVersionId;
  const key = emulator.key(KEY)!;
  assert.equal(key.versions.length, 5);
  const created = key.versions.at(-1)!;
  assert.deepEqual([created.id, created.status, created.primary, created.algorithm], [newId, 'ACTIVE', true, 'AES_256']);
  assert.deepEqual(
    key.versions.filter((v) => v.primary).map((v) => v.id),
    [newId],
  );
  assert.equal(emulator.version(KEY, PRIMARY)?.status, 'ACTIVE');
  assert.ok(key.rotatedAt && Date.parse(key.rotatedAt) >= Date.parse('2026-01-10T00:00:00Z'));
  // The former primary can now be scheduled; the new one cannot.
  assert.equal((await post(emulator, schedule, { versionId: PRIMARY })).status, 200);
  assert.equal((await post(emulator, schedule, { versionId: newId })).status, 400);
  const got = await get(emulator, `/kms/v1/keys/${KEY}`);
  assert.equal(got.body.primaryVersion.id, newId);
});

test('a version rotated in while the clock stands in the past still lists in createdAt order', async (t) => {
  const emulator = await startFor(t);
  emulator.clock.set('2026-01-02T12:00:00Z');
  const newId = (await post(emulator, `/kms/v1/keys/${KEY}:rotate`)).body.metadata.newPrimaryVersionId;
  const listed = await get(emulator, `/kms/v1/keys/${KEY}/versions`);
  assert.deepEqual(
    listed.body.keyVersions.map((v: { id: string }) => v.id),
    [DESTROYED, SCHEDULED, newId, OLDER, PRIMARY],
  );
});
