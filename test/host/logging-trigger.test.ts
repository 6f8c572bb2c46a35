// Cloud Logging triggers: batching by size and by cutoff, the event shape, retries and close().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type FunctionHandler,
  type LogEntry,
  type LoggingBatchEvent,
  type LoggingTriggerOptions,
  type LogSource,
  loggingBatchEvent,
  startHost,
} from '../../local/host/index.ts';
import { serve, sleep } from './support.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An in-test log group: emit() hands an entry to whoever subscribed. */
function fakeLogSource() {
  const listeners = new Set<(entry: LogEntry) => void>();
  const source: LogSource = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (entry: LogEntry): void => {
    for (const listener of listeners) listener(entry);
  };
  return { source, emit, subscribers: () => listeners.size };
}

const entry = (n: number): LogEntry => ({
  resource: { type: 'audit-trails.trail', id: 'cnpaudittrail0000001' },
  timestamp: new Date(Date.UTC(2026, 10, 23, 12, 0, n)).toISOString(),
  level: 'INFO',
  json_payload: { event_type: 'yandex.cloud.audit.kms.ScheduleSymmetricKeyVersionDestruction', n },
});

interface Delivery {
  event: LoggingBatchEvent;
  functionName: string;
  at: number;
}

/** A function that keeps every batch it is invoked with; `failures` first invocations throw. */
function recorder(failures = 0) {
  const deliveries: Delivery[] = [];
  const handler: FunctionHandler = async (event, context) => {
    deliveries.push({ event: event as LoggingBatchEvent, functionName: context.functionName, at: Date.now() });
    if (deliveries.length <= failures) throw new Error(`boom ${deliveries.length}`);
    return { ok: true };
  };
  const batches = () =>
    deliveries.map((delivery) =>
      delivery.event.messages[0]!.details.messages.map((e) => (e.json_payload as { n?: number } | undefined)?.n as number),
    );
  return { handler, deliveries, batches };
}

async function until(condition: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function serveTrigger(
  t: Parameters<typeof serve>[0],
  handler: FunctionHandler,
  trigger: Omit<LoggingTriggerOptions, 'functionName' | 'source'>,
) {
  const log = fakeLogSource();
  const served = await serve(t, { guard: handler }, { loggingTriggers: [{ functionName: 'guard', source: log.source, ...trigger }] });
  return { ...served, ...log };
}

test('a batch goes out as soon as batchSize entries are collected', async (t) => {
  const fn = recorder();
  const { emit, lines } = await serveTrigger(t, fn.handler, { batchSize: 3, cutoffMs: 10_000 });
  for (let n = 1; n <= 7; n++) emit(entry(n));
  await until(() => fn.deliveries.length === 2, 'two full batches');
  await sleep(50);
  assert.deepEqual(fn.batches(), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(fn.deliveries[0]!.functionName, 'guard');
  await until(() => lines.filter((line) => line.startsWith('[host] logging -> guard ok')).length === 2, 'a log line per delivery');
  assert.match(lines.find((line) => line.startsWith('[host] logging -> guard ok'))!, /ok \d+ms \(3 entries, attempt 1 of 4\)$/);
});

test('a batch that does not fill goes out cutoffMs after its first entry', async (t) => {
  const fn = recorder();
  const { emit } = await serveTrigger(t, fn.handler, { batchSize: 10, cutoffMs: 100 });
  const first = Date.now();
  emit(entry(1));
  await sleep(50);
  const second = Date.now();
  emit(entry(2));
  await until(() => fn.deliveries.length === 1, 'the cut-off batch');
  const at = fn.deliveries[0]!.at;
  assert.deepEqual(fn.batches(), [[1, 2]]);
  assert.ok(at - first >= 98, `not before the cutoff: ${at - first}ms`);
  // A cutoff restarted by the second entry would fire 100 ms after it.
  assert.ok(at - second < 100, `counted from the first entry, not the last: ${at - second}ms after the second`);

  // The next entry starts a new batch with its own cutoff.
  emit(entry(3));
  await until(() => fn.deliveries.length === 2, 'the second batch');
  assert.deepEqual(fn.batches(), [[1, 2], [3]]);
});

test('cutoffMs 0 sends each entry at once, one per invocation', async (t) => {
  const fn = recorder();
  const { emit } = await serveTrigger(t, fn.handler, { batchSize: 10, cutoffMs: 0 });
  for (let n = 1; n <= 3; n++) emit(entry(n));
  await until(() => fn.deliveries.length === 3, 'three deliveries');
  assert.deepEqual(
    fn.batches().sort((a, b) => a[0]! - b[0]!),
    [[1], [2], [3]],
  );
});

test('the function receives the documented LoggingMessageBatch event', async (t) => {
  const fn = recorder();
  const { emit } = await serveTrigger(t, fn.handler, { batchSize: 2 });
  const before = Date.now();
  const entries = [
    entry(1),
    { resource: { type: 'serverless.function', id: 'd4eabc' }, timestamp: '2026-11-23T12:00:02Z', level: 'WARN', message: 'text' },
  ];
  for (const one of entries) emit(one);
  await until(() => fn.deliveries.length === 1, 'the batch');

  const { event } = fn.deliveries[0]!;
  assert.equal(event.messages.length, 1, 'one message holds the whole batch');
  const [message] = event.messages;
  const metadata = message!.event_metadata;
  assert.deepEqual(Object.keys(metadata).sort(), ['cloud_id', 'created_at', 'event_id', 'event_type', 'folder_id']);
  assert.equal(metadata.event_type, 'yandex.cloud.events.serverless.triggers.LoggingMessageBatch');
  assert.match(metadata.event_id, UUID);
  assert.match(metadata.cloud_id, /^b1g[0-9a-v]{17}$/);
  assert.match(metadata.folder_id, /^b1g[0-9a-v]{17}$/);
  const { seconds, nanos } = metadata.created_at;
  assert.ok(Number.isInteger(seconds) && Number.isInteger(nanos) && nanos >= 0 && nanos < 1e9, JSON.stringify(metadata.created_at));
  const createdMs = seconds * 1000 + nanos / 1e6;
  assert.ok(createdMs >= before - 1 && createdMs <= Date.now(), 'created when the batch went out');
  assert.deepEqual(message!.details, { messages: entries });
});

test('a batch whose invocation throws is delivered again after retryIntervalMs, the same event each time', async (t) => {
  const fn = recorder(2);
  const { emit, lines } = await serveTrigger(t, fn.handler, { cutoffMs: 0, retryAttempts: 3, retryIntervalMs: 30 });
  emit(entry(1));
  await until(() => fn.deliveries.length === 3, 'two failures and a success');
  await until(() => lines.some((line) => line.includes('logging -> guard ok')), 'the success logged');

  const ids = fn.deliveries.map((delivery) => delivery.event.messages[0]!.event_metadata.event_id);
  assert.equal(new Set(ids).size, 1, 'a redelivery, not a new batch');
  assert.deepEqual(fn.batches(), [[1], [1], [1]]);
  const gaps = fn.deliveries.slice(1).map((delivery, i) => delivery.at - fn.deliveries[i]!.at);
  assert.ok(
    gaps.every((gap) => gap >= 28),
    `after a pause: ${gaps}`,
  );
  const logged = lines.filter((line) => line.startsWith('[host] logging -> guard'));
  assert.match(logged[0]!, /^\[host\] logging -> guard failed \(Error: boom 1\) \d+ms \(1 entry, attempt 1 of 4\); again in 30ms$/);
  assert.match(logged[1]!, /failed \(Error: boom 2\) \d+ms \(1 entry, attempt 2 of 4\); again in 30ms$/);
  assert.match(logged[2]!, /^\[host\] logging -> guard ok \d+ms \(1 entry, attempt 3 of 4\)$/);
});

test('a batch that keeps failing is dropped after the last retry, with a log line', async (t) => {
  const fn = recorder(Number.POSITIVE_INFINITY);
  const { emit, lines } = await serveTrigger(t, fn.handler, { batchSize: 2, cutoffMs: 10, retryAttempts: 2, retryIntervalMs: 10 });
  emit(entry(1));
  emit(entry(2));
  await until(() => lines.some((line) => line.includes('dropped')), 'the drop');
  await sleep(50);
  assert.equal(fn.deliveries.length, 3, 'the first delivery and two retries, then no more');
  assert.ok(lines.includes('[host] logging -> guard dropped a batch of 2 entries after 3 attempts'), lines.join('\n'));
});

test('close() stops the trigger: held entries and pending retries are never delivered', async (t) => {
  const fn = recorder();
  const { host, emit, subscribers } = await serveTrigger(t, fn.handler, { batchSize: 10, cutoffMs: 30 });
  assert.equal(subscribers(), 1);
  emit(entry(1));
  emit(entry(2));
  await host.close();
  assert.equal(subscribers(), 0, 'unsubscribed from the source');
  emit(entry(3));
  await sleep(80);
  assert.equal(fn.deliveries.length, 0);

  const failing = recorder(1);
  const retrying = await serveTrigger(t, failing.handler, { cutoffMs: 0, retryIntervalMs: 30 });
  retrying.emit(entry(1));
  await until(() => retrying.lines.some((line) => line.includes('again in 30ms')), 'the first failure');
  await retrying.host.close();
  await sleep(80);
  assert.equal(failing.deliveries.length, 1, 'the retry was cancelled');
});

test('a trigger for a function the host does not serve, or with a bad setting, stops startHost', async () => {
  const { source } = fakeLogSource();
  const functions = { guard: recorder().handler };
  const start = (trigger: Partial<LoggingTriggerOptions>) =>
    startHost({ functions, log: () => {}, loggingTriggers: [{ functionName: 'guard', source, ...trigger }] });
  await assert.rejects(start({ functionName: 'other' }), /logging trigger: function other is not served here/);
  await assert.rejects(start({ batchSize: 0 }), /batchSize must be an integer from 1 to 1000/);
  await assert.rejects(start({ cutoffMs: -1 }), /cutoffMs must be an integer from 0 to 60000/);
});

test('loggingBatchEvent builds the documented event from entries', () => {
  const event = loggingBatchEvent([entry(1), entry(2)], {
    now: new Date('2026-11-23T12:00:05.123Z'),
    cloudId: 'b1gcloud000000000001',
    folderId: 'b1gfolder00000000001',
  });
  assert.equal(event.messages.length, 1);
  const [message] = event.messages;
  assert.deepEqual(message!.event_metadata.created_at, { seconds: 1795435205, nanos: 123_000_000 });
  assert.equal(message!.event_metadata.cloud_id, 'b1gcloud000000000001');
  assert.equal(message!.event_metadata.folder_id, 'b1gfolder00000000001');
  assert.deepEqual(message!.details.messages, [entry(1), entry(2)]);
  assert.notEqual(loggingBatchEvent([]).messages[0]!.event_metadata.event_id, message!.event_metadata.event_id);
});
