// Authentication: KMS takes only "Authorization: Bearer <IAM token>".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startEmulator } from '../../local/emulator/index.ts';
import { call, errorOf, KEY, SCHEDULED, SMALL_SEED, startFor, TOKEN } from './helpers.ts';

const path = `/kms/v1/keys/${KEY}`;

test('a request without Authorization is refused with 401 UNAUTHENTICATED', async (t) => {
  const emulator = await startFor(t);
  const error = errorOf(await call(emulator, 'GET', path, undefined, {}));
  assert.equal(error.httpStatus, 401);
  assert.equal(error.code, 16);
});

test('an empty header, an empty Bearer token and a non-Bearer scheme are refused with 401', async (t) => {
  const emulator = await startFor(t);
  for (const authorization of ['', 'Bearer ', 'Basic dXNlcjpwYXNz', TOKEN]) {
    const error = errorOf(await call(emulator, 'GET', path, undefined, { authorization }));
    assert.equal(error.httpStatus, 401, `Authorization: "${authorization}"`);
    assert.equal(error.code, 16);
  }
});

test('an API key is refused, saying KMS does not accept API keys', async (t) => {
  const emulator = await startFor(t);
  const error = errorOf(await call(emulator, 'GET', path, undefined, { authorization: `Api-Key ${TOKEN}` }));
  assert.equal(error.httpStatus, 401);
  assert.match(error.message, /API keys/);
});

test('a token not in `tokens` is refused with the API\'s "Token is invalid or has expired."', async (t) => {
  const emulator = await startFor(t);
  const error = errorOf(await call(emulator, 'GET', path, undefined, { authorization: 'Bearer someone-else' }));
  assert.deepEqual([error.httpStatus, error.code, error.message], [401, 16, 'Token is invalid or has expired.']);
});

test('the Bearer scheme is case-insensitive', async (t) => {
  const emulator = await startFor(t);
  const answer = await call(emulator, 'GET', path, undefined, { authorization: `bearer ${TOKEN}` });
  assert.equal(answer.status, 200);
});

test('without `tokens`, any non-empty Bearer token is accepted', async (t) => {
  const emulator = await startFor(t);
  const open = await startEmulator({ seed: SMALL_SEED });
  t.after(() => open.close());
  assert.equal((await call(open, 'GET', path, undefined, { authorization: 'Bearer anything' })).status, 200);
  assert.equal((await call(open, 'GET', path, undefined, {})).status, 401);
  assert.equal((await call(emulator, 'GET', path, undefined, { authorization: 'Bearer anything' })).status, 401);
});

test('a refused cancel changes nothing', async (t) => {
  const emulator = await startFor(t);
  const answer = await call(
    emulator,
    'POST',
    `/kms/v1/keys/${KEY}:cancelVersionDestruction`,
    { versionId: SCHEDULED },
    { authorization: 'Bearer wrong' },
  );
  assert.equal(answer.status, 401);
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'SCHEDULED_FOR_DESTRUCTION');
});

test('every route asks for the token, the Operation service too', async (t) => {
  const emulator = await startFor(t);
  const created = await call(emulator, 'POST', `/kms/v1/keys/${KEY}:rotate`);
  const requests: Array<[string, string]> = [
    ['GET', `/kms/v1/keys/${KEY}`],
    ['GET', '/kms/v1/keys?folderId=b1gfolder0000000001'],
    ['GET', `/kms/v1/keys/${KEY}/versions`],
    ['POST', `/kms/v1/keys/${KEY}:rotate`],
    ['POST', `/kms/v1/keys/${KEY}:scheduleVersionDestruction`],
    ['POST', `/kms/v1/keys/${KEY}:cancelVersionDestruction`],
    ['GET', `/operations/${created.body.id}`],
  ];
  for (const [method, route] of requests) {
    const answer = await call(emulator, method, route, method === 'POST' ? { versionId: SCHEDULED } : undefined, {});
    assert.equal(answer.status, 401, `${method} ${route}`);
  }
});
