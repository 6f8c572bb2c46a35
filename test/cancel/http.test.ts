import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { asHttpAnswer, type HttpEventParts, httpEvent, invocationContext } from '../support/events.ts';
import { kmsEnv, requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

let kms: Emulator;
let restoreEnv: () => void;
const KEY = 'abjcancelkey01';

async function call(parts: HttpEventParts, remainingMs = 30_000) {
  return asHttpAnswer(await handler(httpEvent({ method: 'POST', ...parts }), invocationContext({ token: TEST_TOKEN, remainingMs })));
}
const post = (body: unknown, parts: HttpEventParts = {}) =>
  call({ params: { keyId: KEY }, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), ...parts });

before(async () => {
  kms = await startKms();
  restoreEnv = setEnv({ ...kmsEnv(kms), LOG_LEVEL: 'FATAL', ALLOWED_KEY_IDS: undefined, KMS_MAX_ATTEMPTS: '1' });
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: [keyWith(KEY, { active: 1, scheduled: 3, destroyed: 1 })] });
  kms.configure({ operationPolls: 0, cancelRefusal: 'sync' });
  kms.faults.clear();
  kms.clearRequests();
});
after(async () => {
  restoreEnv();
  await kms.close();
});

describe('outcomes', () => {
  test('cancelled: 200 with the operation and the version, now ACTIVE in KMS', async () => {
    const answer = await post({ versionId: `${KEY}s1` });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.json.outcome, 'cancelled');
    assert.equal(answer.json.keyId, KEY);
    assert.equal(answer.json.versionId, `${KEY}s1`);
    assert.equal(answer.json.operation.done, true);
    assert.equal(answer.json.version.status, 'ACTIVE');
    assert.equal(answer.json.version['@type'], undefined);
    assert.equal(kms.version(KEY, `${KEY}s1`)?.status, 'ACTIVE');
  });

  test('wait=true polls an operation that needs several polls until it is done', async () => {
    kms.configure({ operationPolls: 3 });
    const answer = await post({ versionId: `${KEY}s2` }, { query: { wait: 'true' } });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.json.outcome, 'cancelled');
    assert.equal(requestsOf(kms, 'getOperation').length, 3);
    assert.equal(kms.version(KEY, `${KEY}s2`)?.status, 'ACTIVE');
  });

  test('without wait an unfinished operation is 202 pending, and nothing is claimed', async () => {
    kms.configure({ operationPolls: 3 });
    const answer = await post({ versionId: `${KEY}s2` });
    assert.equal(answer.statusCode, 202);
    assert.equal(answer.json.outcome, 'pending');
    assert.ok(!answer.json.operation.done);
    assert.equal(kms.version(KEY, `${KEY}s2`)?.status, 'SCHEDULED_FOR_DESTRUCTION');
  });

  test('a deadline shorter than the operation: 202 pending, answered before the platform would stop it', async () => {
    kms.configure({ operationPolls: 1_000_000 });
    const remainingMs = 1_500;
    const started = Date.now();
    const answer = await call({ params: { keyId: KEY }, body: JSON.stringify({ versionId: `${KEY}s1`, wait: true }) }, remainingMs);
    const elapsed = Date.now() - started;
    assert.equal(answer.statusCode, 202);
    assert.equal(answer.json.outcome, 'pending');
    assert.ok(elapsed < remainingMs, `answered after ${elapsed} ms; the platform stops the call at ${remainingMs} ms`);
    assert.ok(requestsOf(kms, 'getOperation').length >= 2, 'it kept polling while there was time');
  });

  test('an operation that ends with an error: failed with that error', async () => {
    kms.faults.add({ route: 'cancelVersionDestruction', operationError: { code: 13, message: 'HSM unavailable' }, times: 1 });
    const answer = await post({ versionId: `${KEY}s1` }, { query: { wait: 'true' } });
    assert.equal(answer.statusCode, 500);
    assert.equal(answer.json.outcome, 'failed');
    assert.equal(answer.json.code, 13);
    assert.equal(answer.json.message, 'HSM unavailable');
    assert.equal(kms.version(KEY, `${KEY}s1`)?.status, 'SCHEDULED_FOR_DESTRUCTION');
  });

  test('a version that is not scheduled, refused at once: 200 already-active with the version', async () => {
    const answer = await post({ versionId: `${KEY}a1` });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.json.outcome, 'already-active');
    assert.equal(answer.json.version.id, `${KEY}a1`);
    assert.equal(answer.json.version.status, 'ACTIVE');
  });

  test('a version that is not scheduled, refused by a failing operation: 200 already-active', async () => {
    kms.configure({ cancelRefusal: 'operation', operationPolls: 2 });
    const answer = await post({ versionId: `${KEY}a1`, wait: true });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.json.outcome, 'already-active');
    assert.equal(answer.json.version.status, 'ACTIVE');
  });

  test('cancelling twice: the second call reports already-active', async () => {
    assert.equal((await post({ versionId: `${KEY}s3` })).json.outcome, 'cancelled');
    assert.equal((await post({ versionId: `${KEY}s3` })).json.outcome, 'already-active');
  });

  test('a destroyed version: failed, 400 FAILED_PRECONDITION, "already destroyed"', async () => {
    const answer = await post({ versionId: `${KEY}d1` });
    assert.equal(answer.statusCode, 400);
    assert.equal(answer.json.outcome, 'failed');
    assert.equal(answer.json.code, 9);
    assert.match(answer.json.message, /already destroyed/);
  });

  test('a version destroyed while waiting for its time: failed, already destroyed', async () => {
    kms.clock.advance(10 * 3_600_000);
    const answer = await post({ versionId: `${KEY}s1` });
    assert.equal(answer.json.outcome, 'failed');
    assert.match(answer.json.message, /already destroyed/);
  });

  test('an unknown key or version: 404 NOT_FOUND', async () => {
    const unknownKey = await call({ params: { keyId: 'abjnosuchkey' }, body: JSON.stringify({ versionId: 'abjv' }) });
    assert.equal(unknownKey.statusCode, 404);
    assert.equal(unknownKey.json.code, 5);
    const unknownVersion = await post({ versionId: 'abjnosuchversion' });
    assert.equal(unknownVersion.statusCode, 404);
    assert.equal(unknownVersion.json.code, 5);
  });
});

describe('KMS failures pass through with their own status', () => {
  test('a 502 from KMS answers 502, not the 503 its gRPC code would map to, with the item named', async () => {
    kms.faults.add({ route: 'cancelVersionDestruction', status: 502 });
    const answer = await post({ versionId: `${KEY}s1` });
    assert.equal(answer.statusCode, 502);
    assert.deepEqual([answer.json.keyId, answer.json.versionId, answer.json.outcome], [KEY, `${KEY}s1`, 'failed']);
    assert.equal(typeof answer.json.code, 'number');
    assert.equal(kms.version(KEY, `${KEY}s1`)?.status, 'SCHEDULED_FOR_DESTRUCTION');
  });

  test('a 429 from KMS answers 429 with RESOURCE_EXHAUSTED', async () => {
    kms.faults.add({ route: 'cancelVersionDestruction', status: 429 });
    const answer = await post({ versionId: `${KEY}s1` });
    assert.equal(answer.statusCode, 429);
    assert.equal(answer.json.code, 8);
    assert.equal(answer.json.outcome, 'failed');
  });
});

describe('where the inputs come from', () => {
  test('keyId from pathParams, the query or the body; versionId from the query', async () => {
    for (const parts of <HttpEventParts[]>[
      { pathParams: { keyId: KEY }, query: { versionId: `${KEY}s1` } },
      { query: { keyId: KEY, versionId: `${KEY}s2` } },
      { body: JSON.stringify({ keyId: KEY, versionId: `${KEY}s3` }) },
    ]) {
      const answer = await call(parts);
      assert.equal(answer.statusCode, 200, JSON.stringify(parts));
      assert.equal(answer.json.outcome, 'cancelled');
    }
  });

  test('a base64 body is decoded', async () => {
    const body = Buffer.from(JSON.stringify({ versionId: `${KEY}s1` })).toString('base64');
    const answer = await call({ params: { keyId: KEY }, body, isBase64Encoded: true, headers: { 'Content-Type': 'text/plain' } });
    assert.equal(answer.json.outcome, 'cancelled');
  });

  test('a form body (curl -d) is read as fields', async () => {
    const body = Buffer.from(`versionId=${KEY}s1&wait=true`).toString('base64');
    const answer = await call({
      params: { keyId: KEY },
      body,
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(answer.json.outcome, 'cancelled');
  });

  test("JSON sent as a form (curl -d '{...}' without Content-Type) is read as JSON", async () => {
    const body = Buffer.from(JSON.stringify({ versionId: `${KEY}s1` })).toString('base64');
    const answer = await call({
      params: { keyId: KEY },
      body,
      isBase64Encoded: true,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.json.outcome, 'cancelled');
  });

  test('the same key in the path and the body is fine', async () => {
    const answer = await post({ keyId: KEY, versionId: `${KEY}s1` });
    assert.equal(answer.json.outcome, 'cancelled');
  });
});

describe('bad input: 4xx naming the field, and no KMS request', () => {
  test('a key named twice with different values: 400 naming both places', async () => {
    const answer = await post({ keyId: 'abjotherkey', versionId: `${KEY}s1` }, { query: { keyId: KEY } });
    assert.equal(answer.statusCode, 400);
    assert.equal(answer.json.code, 3);
    assert.deepEqual(
      answer.json.details[0].fieldViolations.map((v: { field: string }) => v.field),
      ['path.keyId', 'query.keyId', 'body.keyId'],
    );
    assert.equal(kms.requests.length, 0);
  });

  test('a versionId in the query and another in the body: 400 naming both', async () => {
    const answer = await post({ versionId: `${KEY}s1` }, { query: { versionId: `${KEY}s2` } });
    assert.equal(answer.statusCode, 400);
    assert.deepEqual(
      answer.json.details[0].fieldViolations.map((v: { field: string }) => v.field),
      ['query.versionId', 'body.versionId'],
    );
    assert.equal(kms.requests.length, 0);
  });

  const cases: Array<[string, HttpEventParts, number, string]> = [
    ['versionId missing', { params: { keyId: KEY }, body: '{}' }, 400, 'versionId'],
    ['keyId missing', { body: JSON.stringify({ versionId: 'abjv1' }) }, 400, 'keyId'],
    ['keyId with a path', { params: { keyId: 'abj/../x' }, body: JSON.stringify({ versionId: 'abjv1' }) }, 400, 'keyId'],
    ['versionId of 51 characters', { params: { keyId: KEY }, body: JSON.stringify({ versionId: 'v'.repeat(51) }) }, 400, 'versionId'],
    ['versionId a number', { params: { keyId: KEY }, body: JSON.stringify({ versionId: 42 }) }, 400, 'versionId'],
    ['wait not a boolean', { params: { keyId: KEY }, body: JSON.stringify({ versionId: 'abjv1', wait: 'soon' }) }, 400, 'wait'],
    ['body not JSON', { params: { keyId: KEY }, body: '{versionId:' }, 400, 'body'],
    ['body a JSON array', { params: { keyId: KEY }, body: '["abjv1"]' }, 400, 'body'],
    [
      'body over 1 MiB',
      { params: { keyId: KEY }, body: JSON.stringify({ versionId: 'abjv1', pad: 'x'.repeat(1024 * 1024) }) },
      413,
      'body',
    ],
  ];
  for (const [name, parts, status, field] of cases) {
    test(name, async () => {
      const answer = await call(parts);
      assert.equal(answer.statusCode, status);
      assert.equal(answer.json.code, 3);
      assert.deepEqual(
        answer.json.details[0].fieldViolations.map((v: { field: string }) => v.field),
        [field],
      );
      assert.equal(kms.requests.length, 0);
    });
  }

  test('a method other than POST: 405 with Allow: POST', async () => {
    const answer = await call({ method: 'GET', params: { keyId: KEY }, query: { versionId: `${KEY}s1` } });
    assert.equal(answer.statusCode, 405);
    assert.equal(answer.headers.Allow, 'POST');
    assert.equal(kms.version(KEY, `${KEY}s1`)?.status, 'SCHEDULED_FOR_DESTRUCTION');
  });
});
