// Monitoring's MetricsData.Write for custom metrics: what it accepts, keeps and refuses.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Emulator } from '../../local/emulator/index.ts';
import { call, errorOf, FOLDER, post, SMALL_SEED, startSeeded } from './helpers.ts';

const WRITE = `/monitoring/v2/data/write?folderId=${FOLDER}&service=custom`;
const DENIED_FOLDER = 'b1gdeniedfolder0001';

let emulator: Emulator;
before(async () => {
  emulator = await startSeeded({
    seed: { ...SMALL_SEED, clouds: [{ id: 'b1gmetricscloud0001', folders: [{ id: FOLDER }, { id: DENIED_FOLDER, accessDenied: true }] }] },
  });
});
after(() => emulator.close());

const metric = (overrides: Record<string, unknown> = {}) => ({ name: 'guard.versions.scheduled', value: 3, ...overrides });

describe('accepted writes', () => {
  test('answers 200 with the count of metrics written and keeps the write as sent, on the emulator clock', async () => {
    emulator.metrics.clear();
    const body = {
      ts: '2026-01-10T00:00:00Z',
      labels: { function: 'cancel' },
      metrics: [metric(), metric({ name: 'guard.cancelled', type: 'IGAUGE', value: 2, labels: { key: 'abjkey' }, ts: 1767225600 })],
    };
    const answer = await post(emulator, WRITE, body);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { writtenMetricsCount: 2 });
    const [write] = emulator.metrics.writes();
    assert.deepEqual(write && { ...write, receivedAt: undefined }, { folderId: FOLDER, service: 'custom', receivedAt: undefined, body });
    assert.match(write!.receivedAt, /^2026-01-10T00:00:0\d(\.\d{3})?Z$/);
  });

  test('every type, a timeseries instead of a value, 16 labels and 10,000 metrics are accepted', async () => {
    const labels = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`l${i}`, 'v'.repeat(200)]));
    const cases = [
      { metrics: ['DGAUGE', 'IGAUGE', 'COUNTER', 'RATE'].map((type) => metric({ type, value: 1 })) },
      { metrics: [{ name: 'series', timeseries: [{ ts: '2026-01-01T00:00:00Z', value: 1.5 }] }] },
      { labels: { common: 'x' }, metrics: [metric({ labels })] },
      { metrics: Array.from({ length: 10_000 }, (_, i) => metric({ value: i })) },
    ];
    for (const body of cases) {
      const answer = await post(emulator, WRITE, body);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.equal(answer.body.writtenMetricsCount, body.metrics.length);
    }
  });

  test('GET /_emulator/metrics lists the writes, DELETE clears them', async () => {
    emulator.metrics.clear();
    await post(emulator, WRITE, { metrics: [metric()] });
    const listed = (await (await fetch(`${emulator.url}/_emulator/metrics`)).json()) as { writes: unknown[] };
    assert.deepEqual(listed.writes, emulator.metrics.writes());
    assert.equal(listed.writes.length, 1);
    assert.deepEqual(await (await fetch(`${emulator.url}/_emulator/metrics`, { method: 'DELETE' })).json(), { writes: [] });
    assert.deepEqual(emulator.metrics.writes(), []);
  });
});

describe('refused writes: 400 INVALID_ARGUMENT naming the field, nothing kept', () => {
  const tooManyLabels = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`l${i}`, 'v']));
  const cases: Array<[string, string, unknown, RegExp]> = [
    ['no folderId', '/monitoring/v2/data/write?service=custom', { metrics: [metric()] }, /^folderId/],
    ['no service', `/monitoring/v2/data/write?folderId=${FOLDER}`, { metrics: [metric()] }, /^service/],
    ['a service other than custom', `/monitoring/v2/data/write?folderId=${FOLDER}&service=compute`, { metrics: [metric()] }, /^service/],
    ['no body', WRITE, undefined, /^metrics/],
    ['a body that is not JSON', WRITE, '{"metrics": [', /^body/],
    ['a body that is a list', WRITE, [metric()], /^body/],
    ['no metrics', WRITE, { labels: {} }, /^metrics: required/],
    ['an empty metrics list', WRITE, { metrics: [] }, /^metrics: must not be empty/],
    ['10,001 metrics', WRITE, { metrics: Array.from({ length: 10_001 }, () => metric()) }, /^metrics: at most 10000/],
    ['a metric without name', WRITE, { metrics: [metric(), { value: 1 }] }, /^metrics\[1\]\.name: required/],
    ['an empty name', WRITE, { metrics: [metric({ name: '' })] }, /^metrics\[0\]\.name/],
    ['a name of 199 characters', WRITE, { metrics: [metric({ name: 'n'.repeat(199) })] }, /^metrics\[0\]\.name/],
    ['an unknown type', WRITE, { metrics: [metric({ type: 'GAUGE64' })] }, /^metrics\[0\]\.type/],
    ['a value that is a string', WRITE, { metrics: [metric({ value: '3' })] }, /^metrics\[0\]\.value: must be a number/],
    ['neither value nor timeseries', WRITE, { metrics: [{ name: 'm' }] }, /^metrics\[0\]\.value/],
    ['a fractional IGAUGE', WRITE, { metrics: [metric({ type: 'IGAUGE', value: 1.5 })] }, /^metrics\[0\]\.value: an IGAUGE/],
    ['a bad metric ts', WRITE, { metrics: [metric({ ts: 'yesterday' })] }, /^metrics\[0\]\.ts/],
    ['a bad common ts', WRITE, { ts: '2026-13-01', metrics: [metric()] }, /^ts/],
    [
      '17 labels counting the common ones',
      WRITE,
      { labels: { common: 'x' }, metrics: [metric(), metric(), metric({ labels: tooManyLabels })] },
      /^metrics\[2\]\.labels/,
    ],
    ['a label name with a dash', WRITE, { metrics: [metric({ labels: { 'key-id': 'x' } })] }, /^metrics\[0\]\.labels: "key-id"/],
    ['a label name of 32 characters', WRITE, { metrics: [metric({ labels: { ['l'.repeat(32)]: 'x' } })] }, /^metrics\[0\]\.labels/],
    ['a label value that is a number', WRITE, { metrics: [metric({ labels: { key: 7 } })] }, /^metrics\[0\]\.labels\.key/],
    ['a label value of 201 characters', WRITE, { metrics: [metric({ labels: { key: 'v'.repeat(201) } })] }, /^metrics\[0\]\.labels\.key/],
    ['bad common labels', WRITE, { labels: { '1st': 'x' }, metrics: [metric()] }, /^labels/],
    ['an unknown field', WRITE, { metrics: [metric({ unit: 'ms' })] }, /^metrics\[0\]\.unit: unknown field/],
  ];
  for (const [name, path, body, message] of cases) {
    test(name, async () => {
      emulator.metrics.clear();
      const answer = await call(emulator, 'POST', path, body);
      const error = errorOf(answer);
      assert.deepEqual([error.httpStatus, error.code], [400, 3], error.message);
      assert.match(error.message, message);
      const badRequest = answer.body.details.find((d: { '@type': string }) => d['@type'] === 'type.googleapis.com/google.rpc.BadRequest');
      assert.equal(badRequest.fieldViolations[0].field, error.message.split(':')[0]);
      assert.deepEqual(emulator.metrics.writes(), []);
    });
  }
});

describe('access, authentication and faults', () => {
  test('a denied folder answers 403; no token or a wrong one 401; GET 405', async () => {
    const denied = errorOf(
      await post(emulator, `/monitoring/v2/data/write?folderId=${DENIED_FOLDER}&service=custom`, { metrics: [metric()] }),
    );
    assert.deepEqual([denied.httpStatus, denied.code], [403, 7]);
    assert.equal((await call(emulator, 'POST', WRITE, { metrics: [metric()] }, {})).status, 401);
    assert.equal((await call(emulator, 'POST', WRITE, { metrics: [metric()] }, { authorization: 'Bearer wrong' })).status, 401);
    assert.equal((await call(emulator, 'GET', WRITE)).status, 405);
  });

  test('the monitoringWrite fault route fails writes and keeps nothing; resourceId aims it at a cloud', async (t) => {
    t.after(() => emulator.faults.clear());
    emulator.metrics.clear();
    emulator.faults.add([
      { route: 'monitoringWrite', status: 503, times: 1 },
      { route: 'monitoringWrite', resourceId: 'b1gmetricscloud0001', status: 429, times: 1 },
    ]);
    assert.equal((await post(emulator, WRITE, { metrics: [metric()] })).status, 503);
    assert.equal((await post(emulator, WRITE, { metrics: [metric()] })).status, 429);
    assert.equal(
      (await post(emulator, '/monitoring/v2/data/write?folderId=b1gotherfolder00001&service=custom', { metrics: [metric()] })).status,
      200,
    );
    assert.equal((await post(emulator, WRITE, { metrics: [metric()] })).status, 200);
    assert.equal(emulator.metrics.writes().length, 2);
    assert.equal(emulator.requests.at(-3)?.fault, 'status 429 (RESOURCE_EXHAUSTED)');
  });
});
