// The admin API under /_emulator/, which drives a running emulator from another process (no token needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Emulator } from '../../local/emulator/index.ts';
import { get, KEY, post, SCHEDULED, startFor } from './helpers.ts';

async function admin(emulator: Emulator, method: string, name: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}/_emulator/${name}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

test('GET state shows the clock, the settings and every key with its versions, lifecycle applied', async (t) => {
  const emulator = await startFor(t, { operationPolls: 2 });
  emulator.clock.set('2026-02-01T00:00:00Z');
  const { status, body } = await admin(emulator, 'GET', 'state');
  assert.equal(status, 200);
  assert.match(body.now, /^2026-02-01T00:00:0/);
  assert.deepEqual(body.config, { operationPolls: 2, cancelRefusal: 'sync' });
  const key = body.keys.find((k: { id: string }) => k.id === KEY);
  assert.equal(key.versions.find((v: { id: string }) => v.id === SCHEDULED).status, 'DESTROYED');
});

test('the state can be seeded back as it was read', async (t) => {
  const emulator = await startFor(t);
  const { body: state } = await admin(emulator, 'GET', 'state');
  const { status, body } = await admin(emulator, 'POST', 'seed', { keys: state.keys, clouds: state.clouds });
  assert.equal(status, 200);
  assert.deepEqual(body, { keys: 2, versions: 5, clouds: 0, folders: 0 });
  assert.deepEqual((await admin(emulator, 'GET', 'state')).body.keys, state.keys);
});

test('seeded clouds and folders show in the state with every field filled in, and seed back as they were', async (t) => {
  const emulator = await startFor(t);
  const seeded = await admin(emulator, 'POST', 'seed', {
    keys: [{ id: 'abjkey0001', folderId: 'b1gfolder01' }],
    clouds: [
      {
        id: 'b1gcloud01',
        folders: [
          { id: 'b1gfolder01', name: 'main' },
          { id: 'b1gfolder02', status: 'DELETING' },
        ],
      },
    ],
  });
  assert.deepEqual(seeded.body, { keys: 1, versions: 1, clouds: 1, folders: 2 });
  const { body: state } = await admin(emulator, 'GET', 'state');
  assert.deepEqual(state.clouds[0].folders[1], {
    id: 'b1gfolder02',
    name: 'b1gfolder02',
    status: 'DELETING',
    labels: {},
    createdAt: state.clouds[0].folders[1].createdAt,
    accessDenied: false,
  });
  assert.equal(state.clouds[0].organizationId, 'bpfemulatororg000001');
  await admin(emulator, 'POST', 'seed', { keys: state.keys, clouds: state.clouds });
  assert.deepEqual((await admin(emulator, 'GET', 'state')).body.clouds, state.clouds);
});

test('subjects: POST adds token-to-subject entries, GET lists them with tokens masked, DELETE clears them', async (t) => {
  const emulator = await startFor(t);
  const token = 'emulator-test-token-0123456789';
  const added = await admin(emulator, 'POST', 'subjects', { [token]: { id: 'ajeadmin0000000001', name: 'admin' } });
  assert.equal(added.status, 200);
  assert.deepEqual(added.body, {
    subjects: [{ maskedToken: 'emul***6789', id: 'ajeadmin0000000001', name: 'admin', type: 'SERVICE_ACCOUNT' }],
  });
  assert.equal((await admin(emulator, 'GET', 'subjects')).body.subjects.length, 1);
  assert.equal((await post(emulator, `/kms/v1/keys/${KEY}:rotate`)).body.createdBy, 'ajeadmin0000000001');
  const bad = await admin(emulator, 'POST', 'subjects', { [token]: { id: 'ajeadmin0000000001', role: 'owner' } });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /subjects\[0\]\.role: unknown field/);
  assert.equal(bad.body.message.includes(token), false, 'the error does not repeat the token');
  assert.deepEqual((await admin(emulator, 'DELETE', 'subjects')).body, { subjects: [] });
  assert.equal((await post(emulator, `/kms/v1/keys/${KEY}:rotate`)).body.createdBy, 'ajedemouser000000001');
});

test('POST clock sets or advances the emulator clock; bad input is 400 with a clear message', async (t) => {
  const emulator = await startFor(t);
  const set = await admin(emulator, 'POST', 'clock', { now: '2026-03-01T00:00:00Z' });
  assert.equal(set.status, 200);
  assert.match(set.body.now, /^2026-03-01T00:00:0/);
  await admin(emulator, 'POST', 'clock', { advanceMs: 86_400_000 });
  assert.equal(emulator.clock.now().toISOString().slice(0, 10), '2026-03-02');
  for (const bad of [{}, { now: 'yesterday' }, { advanceMs: '5' }, { now: '2026-03-01T00:00:00Z', advanceMs: 1 }, { later: 1 }]) {
    const answer = await admin(emulator, 'POST', 'clock', bad);
    assert.equal(answer.status, 400, JSON.stringify(bad));
    assert.match(answer.body.message, /clock/);
  }
});

test('POST faults adds rules (one or a list), DELETE faults clears them', async (t) => {
  const emulator = await startFor(t);
  const added = await admin(emulator, 'POST', 'faults', [
    { route: 'get', status: 503, times: 1 },
    { route: 'listVersions', status: 429 },
  ]);
  assert.equal(added.status, 200);
  assert.equal(added.body.faults.length, 2);
  assert.equal((await get(emulator, `/kms/v1/keys/${KEY}`)).status, 503);
  assert.equal((await admin(emulator, 'DELETE', 'faults')).status, 200);
  assert.equal((await get(emulator, `/kms/v1/keys/${KEY}/versions`)).status, 200);
});

test('a bad fault rule is 400 naming the field', async (t) => {
  const emulator = await startFor(t);
  const answer = await admin(emulator, 'POST', 'faults', { route: 'get', status: 'soon' });
  assert.equal(answer.status, 400);
  assert.equal(answer.body.code, 3);
  assert.match(answer.body.message, /status/);
  assert.deepEqual(emulator.faults.list(), []);
});

test('GET requests shows the request log, DELETE requests clears it', async (t) => {
  const emulator = await startFor(t);
  await get(emulator, `/kms/v1/keys/${KEY}`);
  const listed = await admin(emulator, 'GET', 'requests');
  assert.deepEqual(
    listed.body.requests.map((r: { route: string }) => r.route),
    ['get'],
    'admin calls are not logged',
  );
  await admin(emulator, 'DELETE', 'requests');
  assert.deepEqual(emulator.requests, []);
});

test('POST seed replaces every key; a bad seed is 400 naming the field and changes nothing', async (t) => {
  const emulator = await startFor(t);
  const seeded = await admin(emulator, 'POST', 'seed', { keys: [{ id: 'abjnewkey0000000001' }] });
  assert.deepEqual(seeded.body, { keys: 1, versions: 1, clouds: 0, folders: 0 });
  assert.equal(emulator.key(KEY), undefined);
  const bad = await admin(emulator, 'POST', 'seed', { keys: [{ id: 'abjk1', versions: [{ id: 'v1', status: 'GONE' }] }] });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message, /keys\[0\]\.versions\[0\]\.status/);
  assert.ok(emulator.key('abjnewkey0000000001'), 'the earlier seed stays');
});

test('POST config changes operationPolls and cancelRefusal; bad values are 400', async (t) => {
  const emulator = await startFor(t);
  const changed = await admin(emulator, 'POST', 'config', { operationPolls: 1, cancelRefusal: 'operation' });
  assert.deepEqual(changed.body, { config: { operationPolls: 1, cancelRefusal: 'operation' } });
  const created = await post(emulator, `/kms/v1/keys/${KEY}:cancelVersionDestruction`, { versionId: SCHEDULED });
  assert.equal(created.body.done, undefined);
  for (const bad of [{ operationPolls: -1 }, { cancelRefusal: 'later' }, { speed: 2 }, [1]]) {
    const answer = await admin(emulator, 'POST', 'config', bad);
    assert.equal(answer.status, 400, JSON.stringify(bad));
  }
});

test('a body that is not JSON is 400; an unknown endpoint 404; a wrong method 405', async (t) => {
  const emulator = await startFor(t);
  const notJson = await admin(emulator, 'POST', 'faults', '{oops');
  assert.equal(notJson.status, 400);
  assert.match(notJson.body.message, /JSON/);
  assert.equal((await admin(emulator, 'GET', 'nothing')).status, 404);
  assert.equal((await admin(emulator, 'PUT', 'state')).status, 405);
});
