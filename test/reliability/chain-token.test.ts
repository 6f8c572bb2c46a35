import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler as cancel } from '../../functions/cancel-version-destruction/index.ts';
import { handler as list } from '../../functions/list-versions/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import { readConfig } from '../../shared/config.ts';
import { captureOutput } from '../support/capture.ts';
import { asHttpAnswer, httpEvent, invocationContext } from '../support/events.ts';
import { cleanEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { sendJson, startLoopback } from '../support/loopback.ts';
import { keyWith } from '../support/seed.ts';

// Every endpoint the token is sent to must be https://, except a server on this machine; and a
// hand-off carries the token only to Cloud Functions and API Gateway unless CHAIN_SEND_TOKEN=true.
let kms: Emulator;
let restoreEnv: () => void;
const context = () => invocationContext({ token: TEST_TOKEN });
const ENDPOINTS = ['CHAIN_URL', 'KMS_ENDPOINT', 'OPERATION_ENDPOINT'] as const;

before(async () => {
  kms = await startKms();
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({ keys: [keyWith('abjchaintok', { scheduled: 2 })] });
  kms.clearRequests();
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'FATAL', KMS_KEY_IDS: 'abjchaintok' }));
});
after(async () => {
  restoreEnv();
  await kms.close();
});

describe('endpoints that receive the token: https://, or http:// on loopback only', () => {
  for (const name of ENDPOINTS) {
    for (const value of [
      'http://kms.example.com',
      'http://10.0.0.7:8080/x',
      'http://127.0.0.1.evil.example/x',
      'http://localhost.evil.example/x',
      'http://127.0.0.1@evil.example/x',
      'http://[::2]:8080/x',
    ]) {
      test(`readConfig: ${name}=${value} is a configuration error naming ${name}`, () => {
        assert.throws(
          () => readConfig({ [name]: value }),
          (error: Error) => {
            assert.match(error.message, new RegExp(`^INTERNAL: configuration: ${name} must be an https:// URL`));
            assert.ok(!error.message.includes(value), 'the value is not echoed');
            return true;
          },
        );
      });
    }
    for (const value of [
      'https://kms.example.com',
      'http://127.0.0.1:8080/x',
      'http://127.9.8.7/x',
      'http://localhost:9/x',
      'http://[::1]:9/x',
    ]) {
      test(`readConfig: ${name}=${value} is accepted`, () => {
        assert.doesNotThrow(() => readConfig({ [name]: value }));
      });
    }
  }

  test('a report sweep with an http:// CHAIN_URL off this machine fails on its configuration, before any request', async () => {
    setEnv({ CHAIN_URL: 'http://chain.example.com/receive' });
    const run = await captureOutput(() => list(timerEvent(), context()));
    assert.match(String((run.error as Error)?.message), /^INTERNAL: configuration: CHAIN_URL must be an https:\/\/ URL/);
    assert.equal(kms.requests.length, 0);
  });

  for (const name of ['KMS_ENDPOINT', 'OPERATION_ENDPOINT'] as const) {
    test(`an HTTP cancel with an http:// ${name} off this machine: 500 naming ${name}, nothing sent`, async () => {
      setEnv({ [name]: 'http://kms.example.com' });
      const event = httpEvent({ method: 'POST', params: { keyId: 'abjchaintok' }, body: JSON.stringify({ versionId: 'abjchaintoks1' }) });
      const answer = asHttpAnswer((await captureOutput(() => cancel(event, context()))).value);
      assert.equal(answer.statusCode, 500);
      assert.match(answer.json.message, new RegExp(`^configuration: ${name} must be an https:// URL`));
      assert.equal(kms.requests.length, 0);
      assert.equal(kms.version('abjchaintok', 'abjchaintoks1')?.status, 'SCHEDULED_FOR_DESTRUCTION');
    });
  }
});

describe('the token on a hand-off to a host other than Cloud Functions or API Gateway', () => {
  async function handOffAuthorization(): Promise<string | undefined> {
    const receiver = await startLoopback((_request, response) => sendJson(response, 200, {}));
    try {
      setEnv({ CHAIN_URL: `${receiver.url}/chain` });
      const run = await captureOutput(() => list(timerEvent(), context()));
      assert.equal(run.error, undefined);
      assert.equal(receiver.requests.length, 1);
      return receiver.requests[0]!.headers.authorization;
    } finally {
      await receiver.close();
    }
  }

  test('not sent by default', async () => {
    assert.equal(await handOffAuthorization(), undefined);
  });

  test('sent with CHAIN_SEND_TOKEN=true', async () => {
    setEnv({ CHAIN_SEND_TOKEN: 'true' });
    assert.equal(await handOffAuthorization(), `Bearer ${TEST_TOKEN}`);
  });
});
