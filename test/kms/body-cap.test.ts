import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { handler as list } from '../../functions/list-versions/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import { MAX_ANSWER_BYTES } from '../../shared/http/cloud-api.ts';
import { captureOutput, records } from '../support/capture.ts';
import { asHttpAnswer, httpEvent, invocationContext } from '../support/events.ts';
import { cleanEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { type StreamedBody, startLoopback, streamBody } from '../support/loopback.ts';
import { keyWith } from '../support/seed.ts';

// An answer is read under a cap: a runaway KMS answer is refused once past it (the rest is never
// read), and a hand-off's answer is read only as far as its status needs.
const HUGE = 40 * 1024 * 1024;

let kms: Emulator;
let restoreEnv: () => void;
const context = () => invocationContext({ token: TEST_TOKEN });

before(async () => {
  kms = await startKms({ seed: { keys: [keyWith('abjcapkey', { scheduled: 2 })] } });
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'INFO', KMS_MAX_ATTEMPTS: '3', KMS_KEY_IDS: 'abjcapkey' }));
});
after(async () => {
  restoreEnv();
  await kms.close();
});

test('the cap is far above the largest real page and far below the memory of a function', () => {
  assert.equal(MAX_ANSWER_BYTES, 16 * 1024 * 1024);
});

for (const declareLength of [false, true]) {
  test(`a 40 MB ListVersions answer (${declareLength ? 'with Content-Length' : 'chunked'}): a clear INTERNAL error, the rest never read`, async () => {
    const streams: StreamedBody[] = [];
    const runaway = await startLoopback((_request, response) => {
      streams.push(streamBody(response, { totalBytes: HUGE, prefix: '{"keyVersions":[', declareLength }));
    });
    try {
      setEnv({ KMS_ENDPOINT: runaway.url });
      const answer = asHttpAnswer(await list(httpEvent({ params: { keyId: 'abjcapkey' } }), context()));
      assert.equal(answer.statusCode, 500);
      assert.equal(answer.json.code, 13);
      assert.match(
        answer.json.message,
        new RegExp(`^ListVersions: ${runaway.host.replace(/\./g, '\\.')} answered with a body over 16 MiB; refused`),
      );
      assert.equal(runaway.requests.length, 1, 'not asked again: the same answer would come back');
      await streams[0]!.done;
      assert.equal(streams[0]!.cutShort, true, 'the client closed the connection before the whole answer was sent');
      assert.ok(streams[0]!.written < HUGE, `the server got ${streams[0]!.written} of ${HUGE} bytes out`);
    } finally {
      setEnv({ KMS_ENDPOINT: kms.url });
      await runaway.close();
    }
  });
}

test('a hand-off answered 200 with a 40 MB body: handed off, and the connection closed without reading it all', async () => {
  const streams: StreamedBody[] = [];
  const receiver = await startLoopback((_request, response) => {
    streams.push(streamBody(response, { totalBytes: HUGE, prefix: '{"results":[' }));
  });
  try {
    setEnv({ CHAIN_URL: `${receiver.url}/chain` });
    const run = await captureOutput(() => list(timerEvent(), context()));
    assert.equal(run.error, undefined);
    const handedOff = records(run.lines).filter((l) => l.msg === 'report part handed off');
    assert.deepEqual(
      handedOff.map((l) => l.status),
      [200],
    );
    assert.equal(receiver.requests.length, 1);
    await streams[0]!.done;
    assert.equal(streams[0]!.cutShort, true, 'the client closed the connection early');
    assert.ok(streams[0]!.written < HUGE, `the server got ${streams[0]!.written} of ${HUGE} bytes out`);
  } finally {
    setEnv({ CHAIN_URL: undefined });
    await receiver.close();
  }
});
