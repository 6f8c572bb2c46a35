// /functions/{name}: the function URL, in HTTP and raw integration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FunctionHandler } from '../../local/host/index.ts';
import { echo, echoed, echoValue, json, rawRequest, serve } from './support.ts';

test('any method on /functions/{name} calls that function with the HTTP event', async (t) => {
  const { host } = await serve(t, { echo, other: () => ({ statusCode: 418, body: 'other' }) });
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
    const { event, context } = await echoed(await fetch(`${host.url}/functions/echo`, { method }));
    assert.equal(event.httpMethod, method);
    assert.equal(context.functionName, 'echo');
  }
  const other = await fetch(`${host.url}/functions/other`);
  assert.equal(other.status, 418);
  assert.equal(await other.text(), 'other');
});

test('a method Cloud Functions does not know is refused', async (t) => {
  const { host } = await serve(t, { echo });
  const response = await rawRequest(`${host.url}/functions/echo`, { method: 'PROPFIND' });
  assert.equal(response.status, 405);
});

test('an unknown function and an unknown path answer 404 with JSON', async (t) => {
  const { host } = await serve(t, { echo });
  const missing = await fetch(`${host.url}/functions/nope`);
  assert.equal(missing.status, 404);
  const body = await json(missing);
  assert.equal(body.errorMessage, 'function nope is not served here');
  assert.deepEqual(body.functions, ['echo']);

  const nowhere = await fetch(`${host.url}/somewhere/else`);
  assert.equal(nowhere.status, 404);
  assert.ok(Array.isArray((await json(nowhere)).routes));
});

test('integration=raw passes the body parsed as JSON, or the text when it is not JSON', async (t) => {
  const { host } = await serve(t, { echo: echoValue });
  const asJson = await fetch(`${host.url}/functions/echo?integration=raw`, { method: 'POST', body: '{"keyId":"abj1","items":[1,2]}' });
  assert.equal(asJson.status, 200);
  assert.equal(asJson.headers.get('content-type'), 'application/json');
  const parsed = await json(asJson);
  assert.deepEqual(parsed.event, { keyId: 'abj1', items: [1, 2] });
  assert.equal(parsed.context.payload, undefined, 'getPayload only means something under HTTP integration');

  const asText = await fetch(`${host.url}/functions/echo?integration=raw`, { method: 'POST', body: 'not json {' });
  assert.equal((await json(asText)).event, 'not json {');
});

test('integration=raw sends the return value as JSON with 200 and no headers from the function', async (t) => {
  const shaped: FunctionHandler = async () => ({ statusCode: 201, headers: { 'X-From-Function': 'yes' }, body: 'ignored as HTTP' });
  const { host } = await serve(t, {
    shaped,
    text: async () => 'plain string',
    failing: async () => {
      throw new TypeError('bad input');
    },
  });

  const response = await fetch(`${host.url}/functions/shaped?integration=raw`, { method: 'POST', body: '{}' });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-from-function'), null);
  assert.deepEqual(await json(response), { statusCode: 201, headers: { 'X-From-Function': 'yes' }, body: 'ignored as HTTP' });

  const text = await fetch(`${host.url}/functions/text?integration=raw`, { method: 'POST' });
  assert.equal(await text.text(), '"plain string"');

  const failing = await fetch(`${host.url}/functions/failing?integration=raw`, { method: 'POST', body: '{}' });
  assert.equal(failing.status, 502);
  assert.equal(failing.headers.get('x-function-error'), 'true');
  assert.deepEqual(await json(failing), { errorMessage: 'bad input', errorType: 'TypeError' });
});
