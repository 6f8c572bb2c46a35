// The request log: what the emulator received, oldest first, never the token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { call, get, KEY, post, SCHEDULED, startFor, TOKEN } from './helpers.ts';

test('each request is logged with its route, key, body, status and whether it was authorized', async (t) => {
  const emulator = await startFor(t);
  await get(emulator, `/kms/v1/keys/${KEY}/versions?pageSize=5`);
  await post(emulator, `/kms/v1/keys/${KEY}:cancelVersionDestruction`, { versionId: SCHEDULED });
  await call(emulator, 'GET', `/kms/v1/keys/${KEY}`, undefined, { authorization: 'Bearer wrong-token' });
  await get(emulator, '/kms/v1/nowhere');

  const [list, cancel, refused, unknown] = emulator.requests;
  assert.equal(emulator.requests.length, 4);
  assert.deepEqual(
    { ...list, time: undefined },
    {
      time: undefined,
      method: 'GET',
      path: `/kms/v1/keys/${KEY}/versions`,
      query: { pageSize: '5' },
      route: 'listVersions',
      keyId: KEY,
      status: 200,
      authorized: true,
    },
  );
  assert.match(list!.time, /^2026-01-10T00:00:\d\d(\.\d{3})?Z$/, 'logged on the emulator clock');
  assert.deepEqual(
    [cancel!.route, cancel!.keyId, cancel!.body, cancel!.status],
    ['cancelVersionDestruction', KEY, { versionId: SCHEDULED }, 200],
  );
  assert.deepEqual([refused!.route, refused!.status, refused!.authorized], ['get', 401, false]);
  assert.deepEqual([unknown!.route, unknown!.status], [undefined, 404]);
});

test('the log never holds a token, accepted or refused', async (t) => {
  const emulator = await startFor(t);
  await get(emulator, `/kms/v1/keys/${KEY}`);
  await call(emulator, 'GET', `/kms/v1/keys/${KEY}`, undefined, { authorization: 'Bearer secret-refused-token' });
  const text = JSON.stringify(emulator.requests);
  assert.equal(emulator.requests.length, 2);
  assert.equal(text.includes(TOKEN), false);
  assert.equal(text.includes('secret-refused-token'), false);
  assert.equal(/authorization/i.test(text), false);
});

test('an applied fault is marked; a dropped request has status 0', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add([
    { route: 'get', status: 503, times: 1 },
    { route: 'get', drop: true, times: 1 },
  ]);
  await get(emulator, `/kms/v1/keys/${KEY}`);
  await get(emulator, `/kms/v1/keys/${KEY}`).catch(() => undefined);
  await get(emulator, `/kms/v1/keys/${KEY}`);
  const [faulted, dropped, normal] = emulator.requests;
  assert.deepEqual([faulted!.status, faulted!.fault], [503, 'status 503 (UNAVAILABLE)']);
  assert.deepEqual([dropped!.status, dropped!.fault], [0, 'drop']);
  assert.deepEqual([normal!.status, normal!.fault], [200, undefined]);
});

test('a body that is not JSON is logged as its text', async (t) => {
  const emulator = await startFor(t);
  await post(emulator, `/kms/v1/keys/${KEY}:cancelVersionDestruction`, '{"versionId": ');
  assert.deepEqual([emulator.requests[0]!.body, emulator.requests[0]!.status], ['{"versionId": ', 400]);
});

test('clearRequests empties the log in place', async (t) => {
  const emulator = await startFor(t);
  const log = emulator.requests;
  await get(emulator, `/kms/v1/keys/${KEY}`);
  emulator.clearRequests();
  assert.equal(log.length, 0);
  await get(emulator, `/kms/v1/keys/${KEY}`);
  assert.equal(log.length, 1, 'the array held earlier keeps receiving entries');
});

test('logRequests: false keeps no log', async (t) => {
  const emulator = await startFor(t, { logRequests: false });
  await get(emulator, `/kms/v1/keys/${KEY}`);
  assert.deepEqual(emulator.requests, []);
});
