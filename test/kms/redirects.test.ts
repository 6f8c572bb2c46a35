import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler as cancel } from '../../functions/cancel-version-destruction/index.ts';
import { handler as list } from '../../functions/list-versions/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { queueEvent, timerEvent } from '../../local/host/index.ts';
import { captureOutput } from '../support/capture.ts';
import { asHttpAnswer, httpEvent, invocationContext } from '../support/events.ts';
import { cleanEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { type Loopback, sendJson, startLoopback, streamBody } from '../support/loopback.ts';
import { keyWith } from '../support/seed.ts';

// A redirect is never followed (the token must not travel to where an answer points) and is a final
// error naming where it pointed; a request that cannot even be made fails the same way every time, so
// neither is tried again, nor is a queue batch delivered again for it.
let kms: Emulator;
let restoreEnv: () => void;
let target: Loopback;
const context = (token = TEST_TOKEN) => invocationContext({ token });

/** A server that answers every request with a redirect to `target`, where nothing may arrive. */
function redirecting(status: number, location = () => `${target.url}/elsewhere?from=redirect`) {
  return startLoopback((_request, response) => {
    response.writeHead(status, { Location: location(), 'Content-Type': 'text/plain' });
    response.end('moved');
  });
}

before(async () => {
  kms = await startKms();
  target = await startLoopback((_request, response) => sendJson(response, 200, { keyVersions: [] }));
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: [keyWith('abjredirect', { scheduled: 2 })] });
  kms.clearRequests();
  target.requests.length = 0;
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'FATAL', KMS_MAX_ATTEMPTS: '5', KMS_KEY_IDS: 'abjredirect' }));
});
after(async () => {
  restoreEnv();
  await target.close();
  await kms.close();
});

describe('redirects are final errors, never followed', () => {
  for (const status of [301, 302, 307, 308]) {
    test(`ListVersions answered ${status}: one request, a 500 naming where it pointed, nothing reaches the target`, async () => {
      const server = await redirecting(status);
      try {
        setEnv({ KMS_ENDPOINT: server.url });
        const answer = asHttpAnswer(await list(httpEvent({ params: { keyId: 'abjredirect' } }), context()));
        assert.equal(answer.statusCode, 500);
        assert.equal(answer.json.code, 13);
        assert.match(answer.json.message, new RegExp(`redirect \\(HTTP ${status}\\) to ${target.url}/elsewhere;`));
        assert.ok(!answer.json.message.includes('from=redirect'), 'the query is left out');
        assert.equal(server.requests.length, 1, 'not tried again');
        assert.equal(target.requests.length, 0, 'not followed');
      } finally {
        await server.close();
      }
    });
  }

  test('a cancel answered with a redirect: failed with that error, nothing sent again, no lookup', async () => {
    const server = await redirecting(302);
    try {
      setEnv({ KMS_ENDPOINT: server.url });
      const answer = (await cancel({ keyId: 'abjredirect', versionId: 'abjredirects1' }, context())) as {
        results: Array<{ outcome: string; error: { code: number; message: string } }>;
      };
      const [result] = answer.results;
      assert.equal(result?.outcome, 'failed');
      assert.equal(result?.error.code, 13);
      assert.match(result!.error.message, new RegExp(`redirect \\(HTTP 302\\) to ${target.url}/elsewhere;`));
      assert.deepEqual(
        server.requests.map((r) => r.method),
        ['POST'],
      );
      assert.equal(target.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  test('a relative Location is named in full', async () => {
    const server = await redirecting(301, () => '/kms/v2/moved');
    try {
      setEnv({ KMS_ENDPOINT: server.url });
      const answer = asHttpAnswer(await list(httpEvent({ params: { keyId: 'abjredirect' } }), context()));
      assert.match(answer.json.message, new RegExp(`to ${server.url}/kms/v2/moved;`));
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });

  test('a hand-off answered with a redirect: the part is not handed off, the invocation fails, nothing reaches the target', async () => {
    const server = await redirecting(307);
    try {
      setEnv({ CHAIN_URL: `${server.url}/chain` });
      const run = await captureOutput(() => list(timerEvent(), context()));
      assert.match(
        String((run.error as Error)?.message),
        new RegExp(`^INTERNAL: 1 of 1 report part\\(s\\) not handed off: .*redirect .* to ${target.url}/elsewhere;`),
      );
      assert.equal(server.requests.length, 1);
      assert.equal(target.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  test('a redirect with a 40 MB body: the body is not read, the connection is closed', async () => {
    let streamed: ReturnType<typeof streamBody> | undefined;
    const server = await startLoopback((_request, response) => {
      response.setHeader('Location', `${target.url}/elsewhere`);
      streamed = streamBody(response, { status: 302, totalBytes: 40 * 1024 * 1024 });
    });
    try {
      setEnv({ KMS_ENDPOINT: server.url });
      const answer = asHttpAnswer(await list(httpEvent({ params: { keyId: 'abjredirect' } }), context()));
      assert.equal(answer.statusCode, 500);
      await streamed!.done;
      assert.equal(streamed!.cutShort, true, 'the client closed the connection before the whole body was sent');
    } finally {
      await server.close();
    }
  });
});

describe('a request that cannot be made (a token with a line break cannot go in a header)', () => {
  const BROKEN_TOKEN = `${TEST_TOKEN}\r\nX-Injected: 1`;

  test('an HTTP list: no request at all, a final 500, not 503', async () => {
    const answer = asHttpAnswer(await list(httpEvent({ params: { keyId: 'abjredirect' } }), context(BROKEN_TOKEN)));
    assert.equal(answer.statusCode, 500);
    assert.equal(answer.json.code, 13);
    assert.match(answer.json.message, /could not be made/);
    assert.equal(kms.requests.length, 0);
  });

  test('a queue batch: the version is reported failed and the batch returns normally, not delivered again', async () => {
    const run = await captureOutput(() =>
      cancel(queueEvent([JSON.stringify({ keyId: 'abjredirect', versionId: 'abjredirects1' })]), context(BROKEN_TOKEN)),
    );
    assert.equal(run.error, undefined);
    const [outcome] = run.value as Array<{ results: Array<{ outcome: string; error: { code: number } }> }>;
    assert.deepEqual(
      outcome?.results.map((r) => [r.outcome, r.error.code]),
      [['failed', 13]],
    );
    assert.equal(kms.requests.length, 0);
    assert.equal(kms.version('abjredirect', 'abjredirects1')?.status, 'SCHEDULED_FOR_DESTRUCTION');
  });
});
