import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { handler as cancelHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { type LocalHost, startHost, timerEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { kmsEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';

let kms: Emulator;
let host: LocalHost;
let restoreEnv: () => void;
let keyIds: string[];

before(async () => {
  kms = await startKms();
  host = await startHost({ functions: { 'cancel-version-destruction': cancelHandler }, token: () => TEST_TOKEN, log: () => {} });
});
beforeEach(() => {
  const seed = generateSeed({ keys: 5, versionsPerKey: 6, scheduled: 8, idPrefix: 'chn' });
  keyIds = seed.keys.map((k) => k.id);
  kms.clock.set(new Date());
  kms.seed(seed);
  restoreEnv = setEnv({ ...kmsEnv(kms), LOG_LEVEL: 'INFO', KMS_KEY_IDS: keyIds.join(','), CHAIN_URL: undefined });
});
after(async () => {
  restoreEnv();
  await host.close();
  await kms.close();
});

const scheduledLeft = () => keyIds.flatMap((id) => kms.key(id)!.versions.filter((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION'));

test('CHAIN_URL hands the report to the cancel function (?integration=raw), which saves every version', async () => {
  setEnv({ CHAIN_URL: `${host.url}/functions/cancel-version-destruction?integration=raw` });
  assert.equal(scheduledLeft().length, 8);
  const run = await captureOutput(() => listHandler(timerEvent(), invocationContext({ token: TEST_TOKEN })));
  assert.equal(run.error, undefined);
  const handedOff = records(run.lines).find((l) => l.msg === 'report part handed off');
  assert.deepEqual([handedOff?.status, handedOff?.scheduled], [200, 8]);
  assert.equal(scheduledLeft().length, 0);
});

test('a hand-off that does not get through is logged and fails the invocation, so the trigger retries', async () => {
  setEnv({ CHAIN_URL: `${host.url}/functions/no-such-function?integration=raw` });
  const run = await captureOutput(() => listHandler(timerEvent(), invocationContext({ token: TEST_TOKEN })));
  assert.match(String((run.error as Error)?.message), /hand-off to 127\.0\.0\.1:\d+ failed/);
  const failure = records(run.lines).find((l) => l.msg === 'report hand-off failed');
  assert.equal(failure?.level, 'ERROR');
  assert.equal(scheduledLeft().length, 8, 'nothing was cancelled');
});
