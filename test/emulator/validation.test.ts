// Every request the API refuses, with its gRPC code, its HTTP status and the field it names.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Emulator } from '../../local/emulator/index.ts';
import { call, errorOf, KEY, OLDER, SCHEDULED, startFor, startSeeded } from './helpers.ts';

let emulator: Emulator;
before(async () => {
  emulator = await startSeeded();
});
after(() => emulator.close());

const LONG_ID = 'a'.repeat(51);
const schedule = `/kms/v1/keys/${KEY}:scheduleVersionDestruction`;
const cancel = `/kms/v1/keys/${KEY}:cancelVersionDestruction`;

interface Case {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  httpStatus: number;
  code: number;
  /** A pattern the message must match: the field named, or what was not found. */
  message: RegExp;
}

const cases: Case[] = [
  { name: 'empty keyId (GET)', method: 'GET', path: '/kms/v1/keys/', httpStatus: 400, code: 3, message: /keyId/ },
  { name: 'empty keyId (versions)', method: 'GET', path: '/kms/v1/keys//versions', httpStatus: 400, code: 3, message: /keyId/ },
  { name: 'empty keyId (rotate)', method: 'POST', path: '/kms/v1/keys/:rotate', httpStatus: 400, code: 3, message: /keyId/ },
  { name: 'keyId of 51 characters', method: 'GET', path: `/kms/v1/keys/${LONG_ID}`, httpStatus: 400, code: 3, message: /keyId.*50/ },
  {
    name: 'keyId of 51 characters (cancel)',
    method: 'POST',
    path: `/kms/v1/keys/${LONG_ID}:cancelVersionDestruction`,
    body: { versionId: SCHEDULED },
    httpStatus: 400,
    code: 3,
    message: /keyId/,
  },
  { name: 'missing folderId', method: 'GET', path: '/kms/v1/keys', httpStatus: 400, code: 3, message: /folderId/ },
  { name: 'empty folderId', method: 'GET', path: '/kms/v1/keys?folderId=', httpStatus: 400, code: 3, message: /folderId/ },
  {
    name: 'folderId of 51 characters',
    method: 'GET',
    path: `/kms/v1/keys?folderId=${LONG_ID}`,
    httpStatus: 400,
    code: 3,
    message: /folderId/,
  },
  {
    name: 'pageSize not a number',
    method: 'GET',
    path: `/kms/v1/keys/${KEY}/versions?pageSize=ten`,
    httpStatus: 400,
    code: 3,
    message: /pageSize/,
  },
  {
    name: 'pageSize with a fraction',
    method: 'GET',
    path: `/kms/v1/keys/${KEY}/versions?pageSize=1.5`,
    httpStatus: 400,
    code: 3,
    message: /pageSize/,
  },
  {
    name: 'negative pageSize',
    method: 'GET',
    path: `/kms/v1/keys/${KEY}/versions?pageSize=-1`,
    httpStatus: 400,
    code: 3,
    message: /pageSize/,
  },
  {
    name: 'pageSize 1001 (List)',
    method: 'GET',
    path: '/kms/v1/keys?folderId=b1gfolder0000000001&pageSize=1001',
    httpStatus: 400,
    code: 3,
    message: /pageSize/,
  },
  {
    name: 'pageToken of 101 characters',
    method: 'GET',
    path: `/kms/v1/keys/${KEY}/versions?pageToken=${'x'.repeat(101)}`,
    httpStatus: 400,
    code: 3,
    message: /pageToken/,
  },
  {
    name: 'pageToken of 257 characters (List)',
    method: 'GET',
    path: `/kms/v1/keys?folderId=b1gfolder0000000001&pageToken=${'x'.repeat(257)}`,
    httpStatus: 400,
    code: 3,
    message: /pageToken/,
  },
  { name: 'cancel without versionId', method: 'POST', path: cancel, body: {}, httpStatus: 400, code: 3, message: /versionId/ },
  { name: 'cancel without a body', method: 'POST', path: cancel, httpStatus: 400, code: 3, message: /versionId/ },
  {
    name: 'cancel with an empty versionId',
    method: 'POST',
    path: cancel,
    body: { versionId: '' },
    httpStatus: 400,
    code: 3,
    message: /versionId/,
  },
  {
    name: 'cancel with a versionId of 51 characters',
    method: 'POST',
    path: cancel,
    body: { versionId: LONG_ID },
    httpStatus: 400,
    code: 3,
    message: /versionId.*50/,
  },
  {
    name: 'cancel with a numeric versionId',
    method: 'POST',
    path: cancel,
    body: { versionId: 7 },
    httpStatus: 400,
    code: 3,
    message: /versionId/,
  },
  { name: 'cancel with malformed JSON', method: 'POST', path: cancel, body: '{"versionId": ', httpStatus: 400, code: 3, message: /JSON/ },
  { name: 'cancel with a JSON array', method: 'POST', path: cancel, body: [SCHEDULED], httpStatus: 400, code: 3, message: /object/ },
  {
    name: 'schedule without versionId',
    method: 'POST',
    path: schedule,
    body: { pendingPeriod: '60s' },
    httpStatus: 400,
    code: 3,
    message: /versionId/,
  },
  {
    name: 'schedule with pendingPeriod "7d"',
    method: 'POST',
    path: schedule,
    body: { versionId: OLDER, pendingPeriod: '7d' },
    httpStatus: 400,
    code: 3,
    message: /pendingPeriod/,
  },
  {
    name: 'schedule with a numeric pendingPeriod',
    method: 'POST',
    path: schedule,
    body: { versionId: OLDER, pendingPeriod: 3600 },
    httpStatus: 400,
    code: 3,
    message: /pendingPeriod/,
  },
  {
    name: 'schedule with a negative pendingPeriod',
    method: 'POST',
    path: schedule,
    body: { versionId: OLDER, pendingPeriod: '-60s' },
    httpStatus: 400,
    code: 3,
    message: /pendingPeriod/,
  },
  {
    name: 'schedule with a zero pendingPeriod',
    method: 'POST',
    path: schedule,
    body: { versionId: OLDER, pendingPeriod: '0s' },
    httpStatus: 400,
    code: 3,
    message: /pendingPeriod/,
  },
  {
    name: 'unknown key',
    method: 'GET',
    path: '/kms/v1/keys/abjnosuchkey0000001',
    httpStatus: 404,
    code: 5,
    message: /abjnosuchkey0000001/,
  },
  {
    name: 'versions of an unknown key',
    method: 'GET',
    path: '/kms/v1/keys/abjnosuchkey0000001/versions',
    httpStatus: 404,
    code: 5,
    message: /abjnosuchkey0000001/,
  },
  {
    name: 'rotate an unknown key',
    method: 'POST',
    path: '/kms/v1/keys/abjnosuchkey0000001:rotate',
    httpStatus: 404,
    code: 5,
    message: /abjnosuchkey0000001/,
  },
  {
    name: 'cancel an unknown version',
    method: 'POST',
    path: cancel,
    body: { versionId: 'abjnosuchversion001' },
    httpStatus: 404,
    code: 5,
    message: /abjnosuchversion001/,
  },
  {
    name: 'schedule an unknown version',
    method: 'POST',
    path: schedule,
    body: { versionId: 'abjnosuchversion001' },
    httpStatus: 404,
    code: 5,
    message: /abjnosuchversion001/,
  },
  {
    name: 'unknown operation',
    method: 'GET',
    path: '/operations/abjnosuchoperation01',
    httpStatus: 404,
    code: 5,
    message: /abjnosuchoperation01/,
  },
  { name: 'empty operation id', method: 'GET', path: '/operations/', httpStatus: 400, code: 3, message: /operationId/ },
  { name: 'unknown route', method: 'GET', path: '/kms/v1/nothing', httpStatus: 404, code: 5, message: /Not Found/ },
  {
    name: 'unknown custom method',
    method: 'POST',
    path: `/kms/v1/keys/${KEY}:setPrimaryVersion`,
    body: { versionId: OLDER },
    httpStatus: 404,
    code: 5,
    message: /Not Found/,
  },
  {
    name: 'bad percent-encoding in the path',
    method: 'GET',
    path: `/kms/v1/keys/${KEY}%E0%A4%A`,
    httpStatus: 400,
    code: 3,
    message: /path/,
  },
];

for (const c of cases) {
  test(`${c.name}: HTTP ${c.httpStatus}, code ${c.code}`, async () => {
    const error = errorOf(await call(emulator, c.method, c.path, c.body));
    assert.deepEqual([error.httpStatus, error.code], [c.httpStatus, c.code], error.message);
    assert.match(error.message, c.message);
  });
}

test('an INVALID_ARGUMENT answer names the field in a google.rpc.BadRequest detail too', async () => {
  const answer = await call(emulator, 'POST', cancel, { versionId: '' });
  const badRequest = answer.body.details.find((d: { '@type': string }) => d['@type'] === 'type.googleapis.com/google.rpc.BadRequest');
  assert.equal(badRequest.fieldViolations[0].field, 'versionId');
});

test('a wrong method on a known path answers 405 with code 12 and an Allow header', async () => {
  for (const [method, path, allow] of [
    ['POST', `/kms/v1/keys/${KEY}`, 'GET, PATCH, DELETE'],
    ['DELETE', '/kms/v1/keys', 'GET, POST'],
    ['DELETE', `/kms/v1/keys/${KEY}/versions`, 'GET'],
    ['GET', `/kms/v1/keys/${KEY}:cancelVersionDestruction`, 'POST'],
    ['PUT', '/operations/abjop', 'GET'],
  ] as const) {
    const answer = await call(emulator, method, path);
    const error = errorOf(answer);
    assert.deepEqual([error.httpStatus, error.code], [405, 12], `${method} ${path}`);
    assert.equal(answer.headers.get('allow'), allow);
  }
});

test('every request about an accessDenied key answers 403 PERMISSION_DENIED', async () => {
  const denied = 'abjdenied0000000001';
  const requests: Array<[string, string, unknown?]> = [
    ['GET', `/kms/v1/keys/${denied}`],
    ['GET', `/kms/v1/keys/${denied}/versions`],
    ['POST', `/kms/v1/keys/${denied}:rotate`],
    ['POST', `/kms/v1/keys/${denied}:scheduleVersionDestruction`, { versionId: 'whatever' }],
    ['POST', `/kms/v1/keys/${denied}:cancelVersionDestruction`, { versionId: 'whatever' }],
  ];
  for (const [method, path, body] of requests) {
    const error = errorOf(await call(emulator, method, path, body));
    assert.deepEqual([error.httpStatus, error.code], [403, 7], `${method} ${path}`);
  }
});

test('a reseed forgets earlier operations: polling one answers 404', async (t) => {
  const own = await startFor(t);
  const created = await call(own, 'POST', `/kms/v1/keys/${KEY}:rotate`);
  own.seed({ keys: [own.key(KEY)!] });
  const error = errorOf(await call(own, 'GET', `/operations/${created.body.id}`));
  assert.deepEqual([error.httpStatus, error.code], [404, 5]);
});
