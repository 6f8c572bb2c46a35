// The API Gateway routes: which function is called and the fields the gateway adds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handler as cancelVersionDestruction } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listVersions } from '../../functions/list-versions/index.ts';
import type { FunctionHandler } from '../../local/host/index.ts';
import { echo, echoed, json, serve } from './support.ts';

const bothFunctions = { 'list-versions': echo, 'cancel-version-destruction': echo };

test('GET /keys/{keyId}/versions reaches list-versions with path, url, pathParams and params', async (t) => {
  const { host } = await serve(t, bothFunctions);
  const { event, context } = await echoed(await fetch(`${host.url}/keys/abj123/versions?pageSize=5&status=ACTIVE&status=DESTROYED`));
  assert.equal(context.functionName, 'list-versions');
  assert.equal(event.httpMethod, 'GET');
  assert.equal(event.path, '/keys/{keyId}/versions');
  assert.equal(event.url, '/keys/abj123/versions?pageSize=5&status=ACTIVE&status=DESTROYED');
  assert.deepEqual(event.pathParams, { keyId: 'abj123' });
  assert.deepEqual(event.params, { keyId: 'abj123', pageSize: '5', status: 'DESTROYED' });
  assert.deepEqual(event.multiValueParams, { keyId: ['abj123'], pageSize: ['5'], status: ['ACTIVE', 'DESTROYED'] });
  assert.deepEqual(event.queryStringParameters, { pageSize: '5', status: 'DESTROYED' });
});

test('POST /keys/{keyId}:cancelVersionDestruction reaches the cancel function, with the colon plain or encoded', async (t) => {
  const { host } = await serve(t, bothFunctions);
  for (const colon of [':', '%3A', '%3a']) {
    const response = await fetch(`${host.url}/keys/abj9${colon}cancelVersionDestruction`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"versionId":"abjv1"}',
    });
    const { event, context } = await echoed(response);
    assert.equal(context.functionName, 'cancel-version-destruction', colon);
    assert.equal(event.path, '/keys/{keyId}:cancelVersionDestruction');
    assert.deepEqual(event.pathParams, { keyId: 'abj9' }, colon);
    assert.equal(event.url, `/keys/abj9${colon}cancelVersionDestruction?`);
    assert.equal(event.body, '{"versionId":"abjv1"}');
  }
});

test('a path parameter is percent-decoded exactly once', async (t) => {
  const { host } = await serve(t, bothFunctions);
  const { event } = await echoed(await fetch(`${host.url}/keys/a%2Fb%20c%252F/versions`));
  assert.deepEqual(event.pathParams, { keyId: 'a/b c%2F' });
  assert.equal(event.params.keyId, 'a/b c%2F');
});

test('a method the spec does not route is refused with the KMS error body, without calling the function', async (t) => {
  let calls = 0;
  const counting: FunctionHandler = () => ({ statusCode: 200, body: String(++calls) });
  const { host } = await serve(t, { 'list-versions': counting, 'cancel-version-destruction': counting });

  const wrongOnList = await fetch(`${host.url}/keys/abj1/versions`, { method: 'POST' });
  assert.equal(wrongOnList.status, 405);
  assert.equal(wrongOnList.headers.get('allow'), 'GET');
  assert.match(wrongOnList.headers.get('content-type') ?? '', /^application\/json/);
  assert.deepEqual(await json(wrongOnList), { code: 12, message: 'method POST is not allowed; use GET', details: [] });

  const wrongOnCancel = await fetch(`${host.url}/keys/abj1:cancelVersionDestruction`, { method: 'DELETE' });
  assert.equal(wrongOnCancel.status, 405);
  assert.equal(wrongOnCancel.headers.get('allow'), 'POST');
  assert.deepEqual(await json(wrongOnCancel), { code: 12, message: 'method DELETE is not allowed; use POST', details: [] });
  assert.equal(calls, 0);
});

test('broken percent-encoding is a 400 and the host keeps serving', async (t) => {
  const { host } = await serve(t, bothFunctions);
  const broken = await fetch(`${host.url}/keys/abc%E0%A4%A/versions`);
  assert.equal(broken.status, 400);
  assert.match((await json(broken)).errorMessage, /percent-encoding/);
  const fine = await echoed(await fetch(`${host.url}/keys/abc/versions`));
  assert.deepEqual(fine.event.pathParams, { keyId: 'abc' });
});

test('a gateway route whose function is not served answers 404', async (t) => {
  const { host } = await serve(t, { 'list-versions': echo });
  const response = await fetch(`${host.url}/keys/abj1:cancelVersionDestruction`, { method: 'POST' });
  assert.equal(response.status, 404);
  const body = await json(response);
  assert.equal(body.errorMessage, 'function cancel-version-destruction is not served here');
  assert.deepEqual(body.functions, ['list-versions']);
});

test('a wrong method on a /keys route gets the answer the function itself gives on its own URL', async (t) => {
  const { host } = await serve(t, { 'list-versions': listVersions, 'cancel-version-destruction': cancelVersionDestruction });
  const pairs = [
    { method: 'POST', viaGateway: '/keys/abj1/versions', viaFunction: '/functions/list-versions?keyId=abj1' },
    { method: 'GET', viaGateway: '/keys/abj1:cancelVersionDestruction', viaFunction: '/functions/cancel-version-destruction' },
  ];
  for (const { method, viaGateway, viaFunction } of pairs) {
    const fromHost = await fetch(`${host.url}${viaGateway}`, { method });
    const fromFunction = await fetch(`${host.url}${viaFunction}`, { method });
    assert.equal(fromHost.status, fromFunction.status);
    assert.equal(fromHost.headers.get('allow'), fromFunction.headers.get('allow'));
    assert.deepEqual(await json(fromHost), await json(fromFunction));
  }
});
