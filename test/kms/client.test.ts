import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { GuardError } from '../../shared/errors/guard-error.ts';
import type { KmsClient } from '../../shared/kms/client.ts';
import { type ClientOptions, kmsClient, requestsOf, startKms } from '../support/kms.ts';
import { startPagingServer } from '../support/misbehaving-kms.ts';

let kms: Emulator;
const BIG_KEY = 'abjbigkey0000000001';

function client(options: ClientOptions = {}): KmsClient {
  return kmsClient(kms.url, options);
}

async function rejection(promise: Promise<unknown>): Promise<GuardError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GuardError, `expected a GuardError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

before(async () => {
  const seed = generateSeed({ keys: 3, versionsPerKey: 5, folderId: 'b1gfolder0000000001' });
  seed.keys.push({ ...generateSeed({ keys: 1, versionsPerKey: 2500, idPrefix: 'big' }).keys[0]!, id: BIG_KEY });
  seed.keys.push({ id: 'abjdenied0000000001', accessDenied: true, versions: [{ id: 'abjdeniedver0000001', primary: true }] });
  kms = await startKms({ seed });
});
after(() => kms.close());

describe('listing versions', () => {
  test('one page holds the default 100 versions and a token for the next', async () => {
    const page = await client().listVersionsPage(BIG_KEY);
    assert.equal(page.keyVersions.length, 100);
    assert.ok(page.nextPageToken);
    assert.ok(page.keyVersions.every((v) => v.keyId === BIG_KEY && v.status === 'ACTIVE'));
  });

  test('all pages of 1,000 return every one of 2,500 versions exactly once', async () => {
    kms.clearRequests();
    const versions = await client().listAllVersions(BIG_KEY, { pageSize: 1000 });
    assert.equal(versions.length, 2500);
    assert.equal(new Set(versions.map((v) => v.id)).size, 2500);
    assert.equal(requestsOf(kms, 'listVersions').length, 3);
  });

  test('all pages of 1 return the same 2,500 versions in the same order', async () => {
    const byThousand = await client().listAllVersions(BIG_KEY, { pageSize: 1000 });
    const byOne = await client().listAllVersions(BIG_KEY, { pageSize: 1 });
    assert.deepEqual(
      byOne.map((v) => v.id),
      byThousand.map((v) => v.id),
    );
  });

  test('a repeated page token stops the listing with a clear error instead of looping', async () => {
    const server = await startPagingServer(() => ({ keyVersions: [{ id: 'v1', status: 'ACTIVE' }], nextPageToken: 'same' }));
    try {
      const error = await rejection(client({ kmsEndpoint: server.url }).listAllVersions('abjkey'));
      assert.equal(error.code, 'INTERNAL');
      assert.match(error.message, /page token it had returned before/);
      assert.equal(server.requests(), 2);
    } finally {
      await server.close();
    }
  });

  test('a list that never ends stops at the page cap', async () => {
    const server = await startPagingServer((n) => ({ keyVersions: [], nextPageToken: `token${n}` }));
    try {
      const error = await rejection(client({ kmsEndpoint: server.url, maxPages: 7 }).listAllVersions('abjkey'));
      assert.match(error.message, /stopped after 7 pages/);
      assert.equal(server.requests(), 7);
    } finally {
      await server.close();
    }
  });
});

describe('keys', () => {
  test('getKey returns the key with its primary version', async () => {
    const key = await client().getKey(BIG_KEY);
    assert.equal(key.id, BIG_KEY);
    assert.equal(key.primaryVersion?.primary, true);
  });

  test('listKeys returns every key of the folder and none of another', async () => {
    const keys = await client().listKeys('b1gfolder0000000001');
    assert.equal(keys.length, 3);
    assert.ok(keys.every((k) => k.folderId === 'b1gfolder0000000001'));
  });
});

describe('errors keep the KMS code, HTTP status and request id', () => {
  test('unknown key: NOT_FOUND 404', async () => {
    const error = await rejection(client().listVersionsPage('abjnosuchkey0000001'));
    assert.equal(error.code, 'NOT_FOUND');
    assert.equal(error.httpStatus, 404);
    assert.ok(error.requestId && error.requestId.length > 0);
    assert.match(error.message, /^NOT_FOUND: /);
  });

  test('a key the token may not read: PERMISSION_DENIED 403', async () => {
    const error = await rejection(client().listVersionsPage('abjdenied0000000001'));
    assert.equal(error.code, 'PERMISSION_DENIED');
    assert.equal(error.httpStatus, 403);
  });

  test('a token KMS does not accept: UNAUTHENTICATED 401, and the token is not in the error', async () => {
    const error = await rejection(client({ token: () => 'expired-token-value-123' }).listVersionsPage(BIG_KEY));
    assert.equal(error.code, 'UNAUTHENTICATED');
    assert.equal(error.httpStatus, 401);
    assert.ok(!JSON.stringify({ m: error.message, d: error.details }).includes('expired-token-value-123'));
  });

  test('4xx answers are not retried', async () => {
    kms.clearRequests();
    await rejection(client().listVersionsPage('abjnosuchkey0000001'));
    assert.equal(kms.requests.length, 1);
  });

  test('an answer that is not JSON is a clear error, not a crash', async () => {
    kms.faults.add({ route: 'listVersions', malformed: 'json', times: 1 });
    const error = await rejection(client({ retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).listVersionsPage(BIG_KEY));
    assert.equal(error.code, 'INTERNAL');
    assert.match(error.message, /ListVersions: KMS answered with a body that is not JSON/);
  });

  test('an answer of the wrong shape names the field', async () => {
    kms.faults.add({ route: 'listVersions', malformed: 'shape', times: 1 });
    const error = await rejection(client({ retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).listVersionsPage(BIG_KEY));
    assert.equal(error.code, 'INTERNAL');
    assert.match(error.message, /unexpected body: keyVersions/);
  });

  test('an answer slower than the request timeout: DEADLINE_EXCEEDED', async () => {
    kms.faults.add({ route: 'listVersions', latencyMs: 1_000, times: 1 });
    const error = await rejection(
      client({ requestTimeoutMs: 100, retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).listVersionsPage(BIG_KEY),
    );
    assert.equal(error.code, 'DEADLINE_EXCEEDED');
  });

  test('a dropped connection: UNAVAILABLE', async () => {
    kms.faults.add({ route: 'listVersions', drop: true, times: 1 });
    const error = await rejection(client({ retryPolicy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }).listVersionsPage(BIG_KEY));
    assert.equal(error.code, 'UNAVAILABLE');
  });

  test('a passing 503 is retried and the listing succeeds', async () => {
    kms.faults.add({ route: 'listVersions', status: 503, times: 2 });
    const c = client({ retryPolicy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    const page = await c.listVersionsPage(BIG_KEY);
    assert.equal(page.keyVersions.length, 100);
    assert.equal(c.api.stats.retries, 2);
  });

  test('no time left: nothing is sent', async () => {
    kms.clearRequests();
    const error = await rejection(client({ deadlineAt: Date.now() - 1 }).listVersionsPage(BIG_KEY));
    assert.equal(error.code, 'DEADLINE_EXCEEDED');
    assert.equal(kms.requests.length, 0);
  });
});
