// The event a function receives for a real request to its URL.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { echo, echoed, rawRequest, serve } from './support.ts';

const CLF = /^\d{1,2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/;

test('a request becomes the function URL event: canonical headers, last value vs all values, query maps', async (t) => {
  const { host } = await serve(t, { echo });
  const response = await rawRequest(`${host.url}/functions/echo?a=1&a=2&b=x+y&flag`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-custom-header': ['one', 'two'],
      'user-agent': 'kvg-test/1.0',
      authorization: 'Bearer secret-token',
      cookie: 'session=abc',
    },
    body: '{"hello":"world"}',
  });
  assert.equal(response.status, 200);
  const { event, context } = JSON.parse(response.body);

  assert.equal(event.httpMethod, 'POST');
  assert.equal(event.path, '');
  assert.equal(event.url, undefined, 'no API Gateway fields on the function URL');
  assert.equal(event.headers['Content-Type'], 'application/json');
  assert.equal(event.headers['X-Custom-Header'], 'two');
  assert.deepEqual(event.multiValueHeaders['X-Custom-Header'], ['one', 'two']);
  assert.equal(event.headers['User-Agent'], 'kvg-test/1.0');
  for (const map of [event.headers, event.multiValueHeaders]) {
    const names = Object.keys(map).map((name) => name.toLowerCase());
    assert.ok(!names.includes('authorization'), 'the caller credentials never reach the function');
    assert.ok(!names.includes('cookie'));
    assert.ok(!names.includes('connection'));
  }
  assert.ok(!JSON.stringify(event).includes('secret-token'));
  assert.ok(
    Object.keys(event.headers).every((name: string) => /^[A-Z][a-z0-9]*(-[A-Z0-9][a-z0-9]*)*$/.test(name)),
    Object.keys(event.headers).join(),
  );

  assert.deepEqual(event.queryStringParameters, { a: '2', b: 'x y', flag: '' });
  assert.deepEqual(event.multiValueQueryStringParameters, { a: ['1', '2'], b: ['x y'], flag: [''] });

  assert.equal(event.body, '{"hello":"world"}');
  assert.equal(event.isBase64Encoded, false);

  assert.equal(event.requestContext.httpMethod, 'POST');
  assert.deepEqual(event.requestContext.identity, { sourceIp: '127.0.0.1', userAgent: 'kvg-test/1.0' });
  assert.match(event.requestContext.requestTime, CLF);
  assert.ok(Math.abs(event.requestContext.requestTimeEpoch - Date.now() / 1000) < 10, 'epoch is in seconds');
  assert.equal(event.requestContext.requestId, context.requestId);
  assert.equal(event.headers['X-Request-Id'], context.requestId);
  assert.equal(event.headers['X-Forwarded-For'], '127.0.0.1');
  assert.match(event.headers['X-Real-Remote-Address'], /^\[127\.0\.0\.1\]:\d+$/);
});

test('a +json body also stays raw text', async (t) => {
  const { host } = await serve(t, { echo });
  const body = '{"type":"about:blank","title":"ключ"}';
  const { event, context } = await echoed(
    await fetch(`${host.url}/functions/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/problem+json; charset=utf-8' },
      body,
    }),
  );
  assert.equal(event.body, body);
  assert.equal(event.isBase64Encoded, false);
  assert.deepEqual(context.payload, { type: 'about:blank', title: 'ключ' });
});

test('a form body arrives base64 and getPayload() parses it', async (t) => {
  const { host } = await serve(t, { echo });
  const { event, context } = await echoed(
    await fetch(`${host.url}/functions/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'keyId=abc&versionId=v+1',
    }),
  );
  assert.equal(event.isBase64Encoded, true);
  assert.equal(event.body, Buffer.from('keyId=abc&versionId=v+1').toString('base64'));
  assert.deepEqual(context.payload, { keyId: 'abc', versionId: 'v 1' });
});

test('a binary body survives byte for byte as base64', async (t) => {
  const { host } = await serve(t, { echo });
  const bytes = Buffer.from([0, 255, 1, 254, 0x80, 0x0a, 0x0d, 0xc3]);
  const { event } = await echoed(
    await fetch(`${host.url}/functions/echo`, { method: 'PUT', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes }),
  );
  assert.equal(event.isBase64Encoded, true);
  assert.deepEqual(Buffer.from(event.body, 'base64'), bytes);
});

test('no body is an empty string, not base64', async (t) => {
  const { host } = await serve(t, { echo });
  const { event } = await echoed(await fetch(`${host.url}/functions/echo`, { method: 'DELETE' }));
  assert.equal(event.httpMethod, 'DELETE');
  assert.equal(event.body, '');
  assert.equal(event.isBase64Encoded, false);
});

test('a parameter named __proto__ is an ordinary field', async (t) => {
  const { host } = await serve(t, { echo });
  const { event } = await echoed(await fetch(`${host.url}/functions/echo?__proto__=x&constructor=y`));
  assert.ok(Object.hasOwn(event.queryStringParameters, '__proto__'));
  assert.equal(event.queryStringParameters.constructor, 'y');
  assert.deepEqual(event.multiValueQueryStringParameters.constructor, ['y']);
});
