import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { handler } from '../../functions/list-versions/index.ts';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { asHttpAnswer, type HttpEventParts, httpEvent, invocationContext } from '../support/events.ts';
import { kmsEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';

let kms: Emulator;
let restoreEnv: () => void;
const KEY = 'abjlistkey000000001';

async function call(parts: HttpEventParts, token: string | null = TEST_TOKEN) {
  return asHttpAnswer(await handler(httpEvent(parts), invocationContext({ token: token ?? undefined })));
}

before(async () => {
  const seed = generateSeed({ keys: 1, versionsPerKey: 250, scheduled: 30, idPrefix: 'lst' });
  seed.keys[0]!.id = KEY;
  seed.keys.push({ id: 'abjdenied0000000001', accessDenied: true, versions: [{ id: 'abjdeniedver0000001', primary: true }] });
  kms = await startKms({ seed });
  restoreEnv = setEnv({ ...kmsEnv(kms), YC_IAM_TOKEN: undefined, ALLOWED_KEY_IDS: undefined, LOG_LEVEL: 'FATAL' });
});
after(async () => {
  restoreEnv();
  await kms.close();
});

describe('list-versions over HTTP', () => {
  test('API Gateway params.keyId: one page in the KMS shape', async () => {
    const answer = await call({ params: { keyId: KEY }, query: { pageSize: '50' } });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.headers['Content-Type'], 'application/json');
    assert.equal(answer.json.keyVersions.length, 50);
    assert.equal(typeof answer.json.nextPageToken, 'string');
    assert.deepEqual(Object.keys(answer.json).sort(), ['keyVersions', 'nextPageToken']);
  });

  test('the next page follows on from the token, without overlap', async () => {
    const first = await call({ query: { keyId: KEY, pageSize: '100' } });
    const second = await call({ query: { keyId: KEY, pageSize: '100', pageToken: first.json.nextPageToken } });
    const ids = new Set(first.json.keyVersions.map((v: { id: string }) => v.id));
    assert.equal(second.json.keyVersions.length, 100);
    assert.ok(second.json.keyVersions.every((v: { id: string }) => !ids.has(v.id)));
  });

  test('pathParams.keyId works as params.keyId does; the same key in the query as well is fine', async () => {
    const answer = await call({ pathParams: { keyId: KEY }, query: { keyId: KEY, pageSize: '1' } });
    assert.equal(answer.statusCode, 200);
    assert.equal(answer.json.keyVersions[0].keyId, KEY);
  });

  test('a key named twice with different values is refused, naming both places, before any KMS call', async () => {
    kms.clearRequests();
    const answer = await call({ pathParams: { keyId: KEY }, query: { keyId: 'abjother', pageSize: '1' } });
    assert.equal(answer.statusCode, 400);
    assert.equal(answer.json.code, 3);
    assert.deepEqual(
      answer.json.details[0].fieldViolations.map((v: { field: string }) => v.field),
      ['path.keyId', 'query.keyId'],
    );
    assert.equal(kms.requests.length, 0);
  });

  test('all=true returns every version and no nextPageToken', async () => {
    const answer = await call({ query: { keyId: KEY, all: 'true', pageSize: '7' } });
    assert.equal(answer.json.keyVersions.length, 250);
    assert.equal(answer.json.nextPageToken, undefined);
  });

  test('status without pageSize or pageToken reads every page; with pageSize it filters that one page', async () => {
    const all = await call({ query: { keyId: KEY, status: 'SCHEDULED_FOR_DESTRUCTION' } });
    assert.equal(all.statusCode, 200);
    assert.equal(all.json.keyVersions.length, 30, 'all 30 scheduled versions of the 250, across pages');
    assert.equal(all.json.nextPageToken, undefined);
    const page = await call({ query: { keyId: KEY, status: 'SCHEDULED_FOR_DESTRUCTION', pageSize: '2' } });
    assert.equal(page.statusCode, 200);
    assert.ok(page.json.keyVersions.length <= 2);
    assert.ok(page.json.keyVersions.every((v: { status: string }) => v.status === 'SCHEDULED_FOR_DESTRUCTION'));
    assert.equal(typeof page.json.nextPageToken, 'string', 'the rest is on later pages');
  });

  test('status filter keeps only versions of that status', async () => {
    const answer = await call({ query: { keyId: KEY, all: 'true', status: 'SCHEDULED_FOR_DESTRUCTION' } });
    assert.equal(answer.json.keyVersions.length, 30);
    assert.ok(
      answer.json.keyVersions.every((v: { status: string; destroyAt?: string }) => v.status === 'SCHEDULED_FOR_DESTRUCTION' && v.destroyAt),
    );
  });

  test('a method other than GET: 405 with Allow: GET', async () => {
    const answer = await call({ method: 'POST', query: { keyId: KEY } });
    assert.equal(answer.statusCode, 405);
    assert.equal(answer.headers.Allow, 'GET');
    assert.equal(answer.json.code, 12);
  });
});

describe('bad input: 400 INVALID_ARGUMENT naming the field, and no KMS request', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['keyId missing', {}, 'keyId'],
    ['keyId empty', { keyId: '' }, 'keyId'],
    ['keyId of 51 characters', { keyId: 'a'.repeat(51) }, 'keyId'],
    ['keyId with a slash', { keyId: 'abj/../versions' }, 'keyId'],
    ['keyId with an encoded slash', { keyId: 'abj%2Fkey' }, 'keyId'],
    ['keyId with dots', { keyId: '..' }, 'keyId'],
    ['keyId with a space', { keyId: 'abj key' }, 'keyId'],
    ['keyId in Cyrillic', { keyId: 'ключ' }, 'keyId'],
    ['pageSize 0', { keyId: KEY, pageSize: '0' }, 'pageSize'],
    ['pageSize 1001', { keyId: KEY, pageSize: '1001' }, 'pageSize'],
    ['pageSize not a number', { keyId: KEY, pageSize: 'ten' }, 'pageSize'],
    ['pageSize a fraction', { keyId: KEY, pageSize: '1.5' }, 'pageSize'],
    ['pageSize negative', { keyId: KEY, pageSize: '-1' }, 'pageSize'],
    ['pageToken of 101 characters', { keyId: KEY, pageToken: 'x'.repeat(101) }, 'pageToken'],
    ['all not a boolean', { keyId: KEY, all: 'yes' }, 'all'],
    ['status unknown', { keyId: KEY, status: 'ENABLED' }, 'status'],
  ];
  for (const [name, query, field] of cases) {
    test(name, async () => {
      kms.clearRequests();
      const answer = await call({ query });
      assert.equal(answer.statusCode, 400);
      assert.equal(answer.json.code, 3);
      const badRequest = answer.json.details.find((d: { '@type': string }) => d['@type'] === 'type.googleapis.com/google.rpc.BadRequest');
      assert.deepEqual(
        badRequest.fieldViolations.map((v: { field: string }) => v.field),
        [field],
      );
      assert.match(answer.json.message, new RegExp(`^${field}: `));
      assert.equal(kms.requests.length, 0);
    });
  }

  test('several bad fields are all named at once', async () => {
    const answer = await call({ query: { keyId: 'a/b', pageSize: '5000', status: 'x' } });
    const fields = answer.json.details[0].fieldViolations.map((v: { field: string }) => v.field).sort();
    assert.deepEqual(fields, ['keyId', 'pageSize', 'status']);
  });

  test('a page token KMS does not know is passed through as KMS refuses it', async () => {
    const answer = await call({ query: { keyId: KEY, pageToken: 'bm90LWEtdG9rZW4' } });
    assert.equal(answer.statusCode, 400);
    assert.equal(answer.json.code, 3);
  });
});

describe('KMS errors pass through with their code', () => {
  test('unknown key: 404 NOT_FOUND with the KMS request id', async () => {
    const answer = await call({ query: { keyId: 'abjnosuchkey0000001' } });
    assert.equal(answer.statusCode, 404);
    assert.equal(answer.json.code, 5);
    assert.ok(answer.json.details.some((d: { requestId?: string }) => d.requestId));
  });

  test('no access to the key: 403 PERMISSION_DENIED', async () => {
    const answer = await call({ query: { keyId: 'abjdenied0000000001' } });
    assert.equal(answer.statusCode, 403);
    assert.equal(answer.json.code, 7);
  });

  test('a token KMS refuses: 401 UNAUTHENTICATED', async () => {
    const answer = await call({ query: { keyId: KEY } }, 'not-the-right-token-42');
    assert.equal(answer.statusCode, 401);
    assert.equal(answer.json.code, 16);
    assert.ok(!answer.body.includes('not-the-right-token-42'));
  });

  test('no token anywhere: 401 that says how to provide one, and nothing sent', async () => {
    kms.clearRequests();
    const answer = await call({ query: { keyId: KEY } }, null);
    assert.equal(answer.statusCode, 401);
    assert.match(answer.json.message, /service account.*YC_IAM_TOKEN/);
    assert.equal(kms.requests.length, 0);
  });

  test('YC_IAM_TOKEN is used when the context carries no token', async () => {
    const restore = setEnv({ YC_IAM_TOKEN: TEST_TOKEN });
    try {
      const answer = await call({ query: { keyId: KEY, pageSize: '1' } }, null);
      assert.equal(answer.statusCode, 200);
    } finally {
      restore();
    }
  });

  test('a malformed KMS answer is a clear 500, not a crash', async () => {
    const restore = setEnv({ KMS_MAX_ATTEMPTS: '1' });
    kms.faults.add({ route: 'listVersions', malformed: 'json', times: 1 });
    try {
      const answer = await call({ query: { keyId: KEY } });
      assert.equal(answer.statusCode, 500);
      assert.equal(answer.json.code, 13);
      assert.match(answer.json.message, /not JSON/);
    } finally {
      restore();
    }
  });

  test('a bad configuration value is an error naming the variable', async () => {
    const restore = setEnv({ SWEEP_CONCURRENCY: 'many' });
    try {
      const answer = await call({ query: { keyId: KEY } });
      assert.equal(answer.statusCode, 500);
      assert.match(answer.json.message, /SWEEP_CONCURRENCY/);
    } finally {
      restore();
    }
  });
});
