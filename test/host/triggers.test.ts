// Timer triggers (route, interval, API) and the Message Queue batch builder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FunctionHandler, queueEvent, timerEvent } from '../../local/host/index.ts';
import { echoValue, json, serve, sleep } from './support.ts';

const TRIGGER_ID = /^a1s[0-9a-v]{17}$/;
const MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

test('POST /timers/{name} fires the timer event now and answers its return value', async (t) => {
  const { host } = await serve(t, { sweep: echoValue });

  const plain = await fetch(`${host.url}/timers/sweep`, { method: 'POST' });
  assert.equal(plain.status, 200);
  const { event, context } = await json(plain);
  assert.equal(event.messages.length, 1);
  const [message] = event.messages;
  assert.equal(message.event_metadata.event_type, 'yandex.cloud.events.serverless.triggers.TimerMessage');
  assert.match(message.event_metadata.event_id, TRIGGER_ID);
  assert.match(message.event_metadata.created_at, MICROS);
  assert.match(message.event_metadata.folder_id, /^b1g[0-9a-v]{17}$/);
  assert.match(message.details.trigger_id, TRIGGER_ID);
  assert.equal('payload' in message.details, false, 'no payload field without a payload');
  assert.equal(context.functionName, 'sweep');
  assert.equal(context.payload, undefined);

  const withPayload = await json(await fetch(`${host.url}/timers/sweep`, { method: 'POST', body: '{"keyIds":["abj1"],"dryRun":true}' }));
  assert.equal(withPayload.event.messages[0].details.payload, '{"keyIds":["abj1"],"dryRun":true}');
  assert.equal(withPayload.event.messages[0].details.trigger_id, message.details.trigger_id, 'same trigger each time');
});

test('the configured timer payload applies when the request has none; over 4096 characters is refused', async (t) => {
  let calls = 0;
  const counting: FunctionHandler = async (event) => {
    calls += 1;
    return event;
  };
  const { host } = await serve(t, { sweep: counting }, { timers: { payload: '{"folderId":"b1gfolder"}' } });
  const event = await json(await fetch(`${host.url}/timers/sweep`, { method: 'POST' }));
  assert.equal(event.messages[0].details.payload, '{"folderId":"b1gfolder"}');

  const tooLong = await fetch(`${host.url}/timers/sweep`, { method: 'POST', body: 'x'.repeat(4097) });
  assert.equal(tooLong.status, 400);
  await tooLong.body?.cancel();
  assert.equal(calls, 1);

  const wrongMethod = await fetch(`${host.url}/timers/sweep`);
  assert.equal(wrongMethod.status, 405);
  await wrongMethod.body?.cancel();
});

test('a failing timer run answers like a failed invocation', async (t) => {
  const { host } = await serve(t, {
    guard: async () => {
      throw new Error('FAILED_PRECONDITION: cancellation failed');
    },
  });
  const response = await fetch(`${host.url}/timers/guard`, { method: 'POST' });
  assert.equal(response.status, 502);
  assert.equal(response.headers.get('x-function-error'), 'true');
  assert.deepEqual(await json(response), { errorMessage: 'FAILED_PRECONDITION: cancellation failed', errorType: 'Error' });
});

test('with an interval, every function fires repeatedly; failures are logged and firing stops on close', async (t) => {
  const counts = { report: 0, guard: 0 };
  const payloads = new Set<string | undefined>();
  const { host, lines } = await serve(
    t,
    {
      report: async (event: any) => {
        counts.report += 1;
        payloads.add(event.messages[0].details.payload);
        return { ok: true };
      },
      guard: async () => {
        counts.guard += 1;
        throw new Error('guard sweep failed');
      },
    },
    { timers: { intervalMs: 20, payload: 'scheduled' } },
  );
  const deadline = Date.now() + 3000;
  while ((counts.report < 3 || counts.guard < 3) && Date.now() < deadline) await sleep(10);
  assert.ok(counts.report >= 3 && counts.guard >= 3, JSON.stringify(counts));
  assert.deepEqual([...payloads], ['scheduled']);
  assert.ok(
    lines.some((line) => line.includes('timer -> guard failed (Error: guard sweep failed)')),
    lines.join('\n'),
  );
  assert.ok(lines.some((line) => line.includes('timer -> report ok')));

  // The host still answers HTTP while its timers fail.
  assert.equal((await fetch(`${host.url}/timers/report`, { method: 'POST' })).status, 200);

  await host.close();
  const afterClose = { ...counts };
  await sleep(80);
  assert.deepEqual(counts, afterClose);
});

test('invoke() and fireTimer() call a function directly, with JSON in and JSON out', async (t) => {
  const { host, lines } = await serve(t, {
    echo: echoValue,
    failing: async () => {
      throw new RangeError('nope');
    },
  });
  const invoked = (await host.invoke('echo', { keyId: 'abj1', when: new Date(0) })) as any;
  assert.deepEqual(invoked.event, { keyId: 'abj1', when: '1970-01-01T00:00:00.000Z' }, 'the event crossed as JSON');

  const fired = (await host.fireTimer('echo', 'now')) as any;
  assert.equal(fired.event.messages[0].details.payload, 'now');

  await assert.rejects(host.invoke('failing', {}), { name: 'RangeError', message: 'nope' });
  await assert.rejects(host.invoke('missing', {}), /function missing is not served here/);
  assert.ok(lines.some((line) => line.includes('invoke -> failing failed')));
});

test('timerEvent builds the documented timer event', () => {
  const event = timerEvent('p', { triggerId: 'a1sfe084v4se4morbu2i', folderId: 'b1g88tflru0e4morbu2i' });
  assert.deepEqual(event.messages[0]?.details, { trigger_id: 'a1sfe084v4se4morbu2i', payload: 'p' });
  assert.equal(event.messages[0]?.event_metadata.folder_id, 'b1g88tflru0e4morbu2i');
});

test('queueEvent builds a Message Queue batch with real checksums', () => {
  const now = new Date('2024-05-01T10:00:00.000Z');
  const batch = queueEvent(['hello', '{"keyId":"abj1","versionId":"abjv"}'], {
    now,
    queueName: 'cancel-requests',
    messageAttributes: { source: 'sweep' },
  });
  assert.equal(batch.messages.length, 2);
  const [first, second] = batch.messages;
  assert.equal(first?.event_metadata.event_type, 'yandex.cloud.events.messagequeue.QueueMessage');
  assert.match(first!.event_metadata.created_at, MICROS);
  assert.match(first!.details.queue_id, /^yrn:yc:ymq:ru-central1:b1g[0-9a-v]{17}:cancel-requests$/);
  assert.equal(first?.details.message.body, 'hello');
  assert.equal(first?.details.message.md5_of_body, '5d41402abc4b2a76b9719d911017c592');
  assert.equal(first?.details.message.attributes.SentTimestamp, String(now.getTime()));
  assert.deepEqual(first?.details.message.message_attributes, { source: { data_type: 'StringValue', string_value: 'sweep' } });
  assert.match(first!.details.message.md5_of_message_attributes, /^[0-9a-f]{32}$/);
  assert.notEqual(first?.details.message.message_id, second?.details.message.message_id);
  assert.equal(second?.details.message.body, '{"keyId":"abj1","versionId":"abjv"}');

  // The attribute checksum depends on the values and not on the order they were given in.
  const md5 = (attributes: Record<string, string>): string =>
    queueEvent(['x'], { messageAttributes: attributes }).messages[0]!.details.message.md5_of_message_attributes;
  assert.equal(md5({ a: '1', b: '2' }), md5({ b: '2', a: '1' }));
  assert.notEqual(md5({ a: '1', b: '2' }), md5({ a: '1', b: '3' }));
  assert.equal(md5({}), '');
});
