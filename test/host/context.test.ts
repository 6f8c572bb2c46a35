// The context a handler receives: token, remaining time, request IDs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createContext, type FunctionHandler } from '../../local/host/index.ts';
import { echo, echoed, json, serve, sleep } from './support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test('context.token carries the IAM token when the host has one, and is absent otherwise', async (t) => {
  let token: string | undefined = 't1.iam-token';
  const withToken = await serve(t, { echo }, { token: () => token });
  const first = await echoed(await fetch(`${withToken.host.url}/functions/echo`));
  assert.equal(first.context.hasToken, true);
  assert.equal(first.context.token.access_token, 't1.iam-token');
  assert.equal(first.context.token.token_type, 'Bearer');
  assert.ok(Number.isInteger(first.context.token.expires_in) && first.context.token.expires_in > 0);

  token = undefined; // e.g. the token source ran dry: the field disappears, as without a service account
  assert.equal((await echoed(await fetch(`${withToken.host.url}/functions/echo`))).context.hasToken, false);

  const withoutToken = await serve(t, { echo });
  assert.equal((await echoed(await fetch(`${withoutToken.host.url}/functions/echo`))).context.hasToken, false);
});

test('getRemainingTimeInMillis counts down from the timeout, afresh for every invocation', async (t) => {
  const timing: FunctionHandler = async (_event, context) => {
    const atStart = context.getRemainingTimeInMillis();
    await sleep(60);
    return { statusCode: 200, body: JSON.stringify({ atStart, later: context.getRemainingTimeInMillis() }) };
  };
  const { host } = await serve(t, { timing }, { timeoutMs: 5000 });
  for (let round = 0; round < 2; round += 1) {
    const { atStart, later } = await json(await fetch(`${host.url}/functions/timing`));
    assert.ok(atStart <= 5000 && atStart > 4900, `starts near the timeout: ${atStart}`);
    assert.ok(later <= atStart - 50, `decreases: ${atStart} → ${later}`);
  }
});

test('every invocation has its own request ID, shared with the event', async (t) => {
  const { host } = await serve(t, { echo });
  const seen = new Set<string>();
  for (let i = 0; i < 3; i += 1) {
    const { event, context } = await echoed(await fetch(`${host.url}/functions/echo`));
    assert.match(context.requestId, UUID);
    assert.equal(event.requestContext.requestId, context.requestId);
    seen.add(context.requestId);
  }
  assert.equal(seen.size, 3);
});

test('the context names the function and keeps one version per function', async (t) => {
  const { host } = await serve(t, { echo, 'list-versions': echo });
  const a = await echoed(await fetch(`${host.url}/functions/echo`));
  const b = await echoed(await fetch(`${host.url}/functions/echo`));
  const other = await echoed(await fetch(`${host.url}/keys/abj/versions`));
  assert.equal(a.context.functionName, 'echo');
  assert.equal(other.context.functionName, 'list-versions');
  assert.match(a.context.functionVersion, /^d4e[0-9a-v]{17}$/);
  assert.equal(a.context.functionVersion, b.context.functionVersion);
  assert.notEqual(a.context.functionVersion, other.context.functionVersion);
  assert.equal(a.context.memoryLimitInMB, '128');
});

test('createContext builds the same context for tools and tests', () => {
  const jsonEvent = { httpMethod: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}', isBase64Encoded: false };
  const context = createContext({ functionName: 'list-versions', token: 'tok', timeoutMs: 1000, event: jsonEvent });
  assert.deepEqual(context.token, { access_token: 'tok', expires_in: 43_200, token_type: 'Bearer' });
  assert.deepEqual(context.getPayload(), { a: 1 });
  assert.ok(context.getRemainingTimeInMillis() <= 1000);

  const broken = createContext({ functionName: 'f', event: { ...jsonEvent, body: '{oops' } });
  assert.throws(() => broken.getPayload(), SyntaxError);

  const direct = createContext({ functionName: 'f', event: { keyId: 'abj' } });
  assert.equal(direct.getPayload(), undefined);
  assert.equal('token' in direct, false);

  const expired = createContext({ functionName: 'f', timeoutMs: 10, startedAt: Date.now() - 1000 });
  assert.equal(expired.getRemainingTimeInMillis(), 0);
});
