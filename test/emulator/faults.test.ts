// Injected faults, as a client of the emulator notices them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Emulator } from '../../local/emulator/index.ts';
import { errorOf, get, KEY, OLDER, post, SCHEDULED, startFor, TOKEN } from './helpers.ts';

const versions = `/kms/v1/keys/${KEY}/versions`;
const cancel = `/kms/v1/keys/${KEY}:cancelVersionDestruction`;

test('a status fault answers that HTTP status with a KMS error body and the mapped gRPC code', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ route: 'listVersions', status: 503 });
  const error = errorOf(await get(emulator, versions));
  assert.deepEqual([error.httpStatus, error.code], [503, 14]);
});

test('a fault may set the gRPC code and message; a code alone picks its HTTP status', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add([
    { route: 'get', status: 500, code: 2, message: 'something odd' },
    { route: 'listVersions', code: 8 },
  ]);
  assert.deepEqual(errorOf(await get(emulator, `/kms/v1/keys/${KEY}`)), { httpStatus: 500, code: 2, message: 'something odd' });
  const throttled = errorOf(await get(emulator, versions));
  assert.deepEqual([throttled.httpStatus, throttled.code], [429, 8]);
});

test('retryAfter adds a Retry-After header, as given', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add([
    { route: 'get', status: 429, retryAfter: '3', times: 1 },
    { route: 'get', status: 503, retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT', times: 1 },
  ]);
  assert.equal((await get(emulator, `/kms/v1/keys/${KEY}`)).headers.get('retry-after'), '3');
  assert.equal((await get(emulator, `/kms/v1/keys/${KEY}`)).headers.get('retry-after'), 'Wed, 21 Oct 2026 07:28:00 GMT');
  assert.equal((await get(emulator, `/kms/v1/keys/${KEY}`)).headers.get('retry-after'), null);
});

test('latencyMs alone delays a correct answer', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ route: 'get', latencyMs: 150 });
  const started = performance.now();
  const answer = await get(emulator, `/kms/v1/keys/${KEY}`);
  const elapsed = performance.now() - started;
  assert.equal(answer.status, 200);
  assert.equal(answer.body.id, KEY);
  assert.ok(elapsed >= 140, `answered after ${elapsed} ms`);
});

test('latencyMs with a status delays the error', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ route: 'get', latencyMs: 100, status: 503 });
  const started = performance.now();
  assert.equal((await get(emulator, `/kms/v1/keys/${KEY}`)).status, 503);
  assert.ok(performance.now() - started >= 90);
});

test('malformed "json" answers 200 with a body that does not parse', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ route: 'listVersions', malformed: 'json' });
  const response = await fetch(emulator.url + versions, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(response.status, 200);
  await assert.rejects(response.json(), SyntaxError);
});

test('malformed "shape" answers 200 with JSON of the wrong shape', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ malformed: 'shape' });
  const listed = await get(emulator, versions);
  assert.equal(listed.status, 200);
  assert.equal(Array.isArray(listed.body.keyVersions), false);
  assert.equal(typeof listed.body.keyVersions.status, 'number');
  const cancelled = await post(emulator, cancel, { versionId: SCHEDULED });
  assert.equal(typeof cancelled.body.id, 'number');
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'SCHEDULED_FOR_DESTRUCTION', 'a faulted cancel changes nothing');
});

test('drop destroys the connection without an answer: fetch rejects', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ route: 'cancelVersionDestruction', drop: true, times: 1 });
  await assert.rejects(post(emulator, cancel, { versionId: SCHEDULED }), TypeError);
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'SCHEDULED_FOR_DESTRUCTION');
  assert.equal((await post(emulator, cancel, { versionId: SCHEDULED })).status, 200, 'the next request is served');
});

test('dropAnswer makes the change, then drops the connection: a lost answer', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ route: 'cancelVersionDestruction', dropAnswer: true, times: 1 });
  await assert.rejects(post(emulator, cancel, { versionId: SCHEDULED }), TypeError);
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'ACTIVE', 'the cancel took effect');
  assert.equal(emulator.requests.at(-1)?.fault, 'drop answer');
  assert.throws(() => emulator.faults.add({ dropAnswer: true, status: 503 }), /dropAnswer/);
});

test('times applies a rule to the next N matching requests only', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ route: 'get', status: 503, times: 2 });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await get(emulator, `/kms/v1/keys/${KEY}`)).status);
  assert.deepEqual(statuses, [503, 503, 200, 200]);
  assert.deepEqual(emulator.faults.list(), []);
});

test('route and keyId narrow a rule; the first matching rule applies', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add([{ keyId: 'abjdenied0000000001', status: 500 }, { route: 'listVersions', keyId: KEY, status: 429 }, { status: 503 }]);
  assert.equal((await get(emulator, versions)).status, 429);
  assert.equal((await get(emulator, `/kms/v1/keys/${KEY}`)).status, 503);
  assert.equal((await get(emulator, '/kms/v1/keys/abjdenied0000000001')).status, 500);
  emulator.faults.clear();
  assert.equal((await get(emulator, versions)).status, 200);
});

test("a keyId rule also matches polls of that key's operations", async (t) => {
  const emulator = await startFor(t, { operationPolls: 2 });
  const created = await post(emulator, cancel, { versionId: SCHEDULED });
  emulator.faults.add({ route: 'getOperation', keyId: KEY, status: 503, times: 1 });
  assert.equal((await get(emulator, `/operations/${created.body.id}`)).status, 503);
  assert.equal((await get(emulator, `/operations/${created.body.id}`)).body.done, undefined, 'the faulted poll did not count');
  assert.equal((await get(emulator, `/operations/${created.body.id}`)).body.done, true);
});

async function statusSequence(emulator: Emulator, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await get(emulator, `/kms/v1/keys/${KEY}`)).status);
  return statuses;
}

test('probability draws from the faultSeed PRNG: the same seed gives the same faults', async (t) => {
  const rule = { route: 'get' as const, status: 503, probability: 0.5 };
  const first = await startFor(t, { faultSeed: 42 });
  const second = await startFor(t, { faultSeed: 42 });
  const third = await startFor(t, { faultSeed: 7 });
  for (const emulator of [first, second, third]) emulator.faults.add(rule);
  const a = await statusSequence(first, 30);
  const b = await statusSequence(second, 30);
  const c = await statusSequence(third, 30);
  assert.deepEqual(a, b);
  assert.ok(a.includes(200) && a.includes(503), `about half fail: ${a.join(',')}`);
  assert.notDeepEqual(a, c, 'another seed gives another sequence');
});

test('probability 0 never applies and does not use up times', async (t) => {
  const emulator = await startFor(t, { faultSeed: 1 });
  emulator.faults.add({ route: 'get', status: 503, probability: 0, times: 1 });
  assert.deepEqual(await statusSequence(emulator, 5), [200, 200, 200, 200, 200]);
  assert.equal(emulator.faults.list().length, 1);
});

test('operationError: the operation is created but ends with that error and changes nothing', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ route: 'cancelVersionDestruction', operationError: { code: 13, message: 'HSM unreachable' }, times: 1 });
  const answer = await post(emulator, cancel, { versionId: SCHEDULED });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.done, true);
  assert.deepEqual(answer.body.error, { code: 13, message: 'HSM unreachable' });
  assert.equal('response' in answer.body, false);
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'SCHEDULED_FOR_DESTRUCTION');
});

test('operationError with polls: the error comes when the operation is done', async (t) => {
  const emulator = await startFor(t, { operationPolls: 1 });
  emulator.faults.add({ operationError: { code: 10, message: 'conflict' } });
  // A '*' rule with operationError leaves routes without operations alone.
  assert.equal((await get(emulator, `/kms/v1/keys/${KEY}`)).status, 200);
  const created = await post(emulator, `/kms/v1/keys/${KEY}:scheduleVersionDestruction`, { versionId: OLDER });
  assert.equal(created.body.done, undefined);
  const done = await get(emulator, `/operations/${created.body.id}`);
  assert.deepEqual(done.body.error, { code: 10, message: 'conflict' });
  assert.equal(emulator.version(KEY, OLDER)?.status, 'ACTIVE');
});

test('a status fault on cancel changes nothing', async (t) => {
  const emulator = await startFor(t);
  emulator.faults.add({ route: 'cancelVersionDestruction', status: 503 });
  assert.equal((await post(emulator, cancel, { versionId: SCHEDULED })).status, 503);
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'SCHEDULED_FOR_DESTRUCTION');
});

test('a bad rule is refused with a message naming the problem, and adds nothing', async (t) => {
  const emulator = await startFor(t);
  assert.throws(() => emulator.faults.add({ route: 'get' }), /does nothing/);
  assert.throws(() => emulator.faults.add({ route: 'nope' as 'get', status: 503 }), /route/);
  assert.throws(() => emulator.faults.add({ probability: 2, status: 503 }), /probability/);
  assert.throws(() => emulator.faults.add({ drop: true, status: 503 }), /drop/);
  assert.throws(() => emulator.faults.add({ route: 'get', operationError: { code: 9, message: 'x' } }), /operationError/);
  assert.throws(() => emulator.faults.add([{ status: 503 }, { status: 99 }]), /\[1\].*status/);
  assert.deepEqual(emulator.faults.list(), []);
});
