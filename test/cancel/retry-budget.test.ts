import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { asHttpAnswer, httpEvent, invocationContext } from '../support/events.ts';
import { cleanEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

// KMS_MAX_ATTEMPTS bounds a cancel's POSTs, and all the lookups one cancel makes share one budget of
// as many attempts: a KMS that answers 503 to everything gets at most 2 x KMS_MAX_ATTEMPTS requests per
// cancel, plus operation polls, never attempts times attempts.
const MAX_ATTEMPTS = 4;
const KEYS = ['abjbudgeta', 'abjbudgetb', 'abjbudgetc'];

let kms: Emulator;
let restoreEnv: () => void;
const context = () => invocationContext({ token: TEST_TOKEN });

/** Requests KMS received, by route, for one key (or for all). */
function count(route: string, keyId?: string): number {
  return kms.requests.filter((r) => r.route === route && (keyId === undefined || r.keyId === keyId)).length;
}

before(async () => {
  kms = await startKms();
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'FATAL', KMS_MAX_ATTEMPTS: String(MAX_ATTEMPTS) }));
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: KEYS.map((id) => keyWith(id, { scheduled: 1 })) });
  kms.configure({ operationPolls: 0 });
  kms.faults.clear();
  kms.clearRequests();
});
after(async () => {
  restoreEnv();
  await kms.close();
});

test('every route 503: one HTTP cancel sends at most KMS_MAX_ATTEMPTS cancels and as many lookups, then answers 503', async () => {
  kms.faults.add({ route: '*', status: 503 });
  const event = httpEvent({ method: 'POST', params: { keyId: 'abjbudgeta' }, body: JSON.stringify({ versionId: 'abjbudgetas1' }) });
  const answer = asHttpAnswer(await handler(event, context()));
  assert.equal(answer.statusCode, 503);
  assert.equal(answer.json.outcome, 'failed');
  assert.equal(answer.json.code, 14);
  const posts = count('cancelVersionDestruction');
  const lookups = count('listVersions');
  assert.ok(posts >= 1 && posts <= MAX_ATTEMPTS, `${posts} cancels sent`);
  assert.ok(lookups <= MAX_ATTEMPTS, `${lookups} lookups sent`);
  assert.ok(kms.requests.length <= 2 * MAX_ATTEMPTS, `${kms.requests.length} requests in all`);
  assert.equal(kms.version('abjbudgeta', 'abjbudgetas1')?.status, 'SCHEDULED_FOR_DESTRUCTION');
});

test('every route 503 in a batch: each cancel keeps within its own bound', async () => {
  kms.faults.add({ route: '*', status: 503 });
  const items = KEYS.map((keyId) => ({ keyId, versionId: `${keyId}s1` }));
  const answer = (await handler({ items }, context())) as { results: Array<{ outcome: string }> };
  assert.deepEqual(
    answer.results.map((r) => r.outcome),
    ['failed', 'failed', 'failed'],
  );
  for (const keyId of KEYS) {
    const posts = count('cancelVersionDestruction', keyId);
    const lookups = count('listVersions', keyId);
    assert.ok(posts >= 1 && posts <= MAX_ATTEMPTS, `${keyId}: ${posts} cancels`);
    assert.ok(posts + lookups <= 2 * MAX_ATTEMPTS, `${keyId}: ${posts} cancels and ${lookups} lookups`);
  }
});

test('a healthy KMS and a key of more than 1,000 versions: a lookup reads every page, even with KMS_MAX_ATTEMPTS=1', async () => {
  const restore = setEnv({ KMS_MAX_ATTEMPTS: '1' });
  try {
    kms.seed({ keys: [keyWith('abjbudgetbig', { active: 1500, destroyed: 1 })] });
    kms.clearRequests();
    const items = [
      { keyId: 'abjbudgetbig', versionId: 'abjbudgetbiga1500' },
      { keyId: 'abjbudgetbig', versionId: 'abjbudgetbigd1' },
    ];
    const answer = (await handler({ items }, context())) as {
      results: Array<{ outcome: string; error?: { code: number; message: string } }>;
    };
    assert.equal(answer.results[0]?.outcome, 'already-active', JSON.stringify(answer.results[0]));
    assert.equal(answer.results[1]?.outcome, 'failed');
    assert.match(answer.results[1]!.error!.message, /already destroyed/);
    assert.equal(count('listVersions'), 4, 'two lookups of two pages each');
  } finally {
    restore();
  }
});
