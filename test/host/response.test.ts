// How a handler's answer becomes the HTTP response, including every way it can go wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FunctionHandler } from '../../local/host/index.ts';
import { json, serve, sleep } from './support.ts';

const answering =
  (answer: unknown): FunctionHandler =>
  async () =>
    answer;

test('status, headers and body are sent as returned; multiValueHeaders win over headers', async (t) => {
  const { host } = await serve(t, {
    fn: answering({
      statusCode: 201,
      headers: { 'content-type': 'text/plain', 'x-single': 'h', 'X-Both': 'from headers' },
      multiValueHeaders: { 'x-both': ['m1', 'm2'], 'X-Multi': ['a', 'b'] },
      body: 'créé',
    }),
  });
  const response = await fetch(`${host.url}/functions/fn`);
  assert.equal(response.status, 201);
  assert.equal(response.headers.get('content-type'), 'text/plain');
  assert.equal(response.headers.get('x-single'), 'h');
  assert.equal(response.headers.get('x-both'), 'm1, m2');
  assert.equal(response.headers.get('x-multi'), 'a, b');
  assert.equal(await response.text(), 'créé');
});

test('a missing statusCode means 200', async (t) => {
  const { host } = await serve(t, { fn: answering({ body: 'just a body' }) });
  const response = await fetch(`${host.url}/functions/fn`);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), 'just a body');
});

test('a base64 body is decoded to its bytes', async (t) => {
  const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
  const { host } = await serve(t, {
    fn: answering({ statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: bytes.toString('base64'), isBase64Encoded: true }),
  });
  const response = await fetch(`${host.url}/functions/fn`);
  assert.deepEqual(Buffer.from(await response.arrayBuffer()), bytes);
});

test('response headers the platform drops or renames are dropped or renamed', async (t) => {
  const { host } = await serve(t, {
    fn: answering({ statusCode: 200, headers: { 'User-Agent': 'fn', Cookie: 'a=b', Server: 'my-server', 'X-Kept': 'yes' }, body: '' }),
  });
  const response = await fetch(`${host.url}/functions/fn`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('user-agent'), null);
  assert.equal(response.headers.get('cookie'), null);
  assert.equal(response.headers.get('server'), null);
  assert.equal(response.headers.get('x-yf-remapped-server'), 'my-server');
  assert.equal(response.headers.get('x-kept'), 'yes');
});

test('answers the platform cannot map give its 502 ProxyIntegrationError with the payload', async (t) => {
  const cases: Array<[string, unknown, string]> = [
    ['no statusCode and no body', { message: 'hello' }, '{"message":"hello"}'],
    ['not an object', 'just a string', '"just a string"'],
    ['statusCode as a string', { statusCode: '200', body: 'x' }, '{"statusCode":"200","body":"x"}'],
    ['body that is not a string', { statusCode: 200, body: { a: 1 } }, '{"statusCode":200,"body":{"a":1}}'],
    [
      'a header the platform refuses',
      { statusCode: 200, headers: { Via: 'proxy' }, body: '' },
      '{"statusCode":200,"headers":{"Via":"proxy"},"body":""}',
    ],
    ['nothing at all', undefined, ''],
  ];
  const functions = Object.fromEntries(cases.map(([, answer], index) => [`case${index}`, answering(answer)]));
  const { host } = await serve(t, functions);
  for (const [index, [label, , payload]] of cases.entries()) {
    const response = await fetch(`${host.url}/functions/case${index}`);
    assert.equal(response.status, 502, label);
    assert.deepEqual(
      await json(response),
      { errorMessage: 'Malformed serverless function response: not a valid json', errorType: 'ProxyIntegrationError', payload },
      label,
    );
  }
});

test('a thrown error is a 502 with its message and type, flagged X-Function-Error, without a stack', async (t) => {
  class KmsUnavailable extends Error {
    override name = 'KmsUnavailable';
  }
  const { host } = await serve(t, {
    throwing: () => {
      throw new KmsUnavailable('UNAVAILABLE: kms is down');
    },
    rejecting: () => Promise.reject(new RangeError('pageSize out of range')),
    throwingString: async () => {
      throw 'plain string failure';
    },
  });

  const thrown = await fetch(`${host.url}/functions/throwing`);
  assert.equal(thrown.status, 502);
  assert.equal(thrown.headers.get('x-function-error'), 'true');
  const text = await thrown.text();
  assert.deepEqual(JSON.parse(text), { errorMessage: 'UNAVAILABLE: kms is down', errorType: 'KmsUnavailable' });
  assert.ok(!text.includes('response.test.ts'), 'no stack trace');

  const rejected = await fetch(`${host.url}/functions/rejecting`);
  assert.equal(rejected.status, 502);
  assert.deepEqual(await json(rejected), { errorMessage: 'pageSize out of range', errorType: 'RangeError' });

  const stringly = await fetch(`${host.url}/functions/throwingString`);
  assert.equal((await json(stringly)).errorMessage, 'plain string failure');
});

test('a synchronous handler that returns nothing fails as the runtime makes it fail', async (t) => {
  const { host } = await serve(t, { forgetful: () => undefined });
  const response = await fetch(`${host.url}/functions/forgetful`);
  assert.equal(response.status, 502);
  assert.match((await json(response)).errorMessage, /^Non-async entry point should provide a result/);
});

test('a handler that outlives the timeout is answered 504 at the deadline', async (t) => {
  const { host } = await serve(
    t,
    {
      slow: async () => {
        await sleep(600);
        return { statusCode: 200, body: 'late' };
      },
    },
    { timeoutMs: 100 },
  );
  const startedAt = Date.now();
  const response = await fetch(`${host.url}/functions/slow`);
  const elapsed = Date.now() - startedAt;
  assert.equal(response.status, 504);
  assert.equal((await json(response)).errorType, 'TimeoutError');
  assert.ok(elapsed < 500, `answered after ${elapsed}ms`);
});
