// The demo path, in-process: the emulator's Audit Trails records reach cancel-version-destruction through the
// local host's Cloud Logging trigger; a destruction scheduled over the emulator's REST API is cancelled within
// seconds, and the function's log names who scheduled it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import { DEMO_ORGANIZATION_ID, demoSeed } from '../../local/emulator/demo-seed.ts';
import { DEFAULT_SUBJECT } from '../../local/emulator/index.ts';
import { type FunctionHandler, startHost } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { guardEnv, scheduleOnKms } from './support.ts';

const GUARD = 'cancel-version-destruction';
const KEY = 'abjpayments000000001';
const VERSION = 'abjpaymentsv00000001';

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

test('a destruction scheduled on the emulator is cancelled through the logging trigger, and the log names who scheduled it', async (t) => {
  // TEST_TOKEN is mapped to no subject: the emulator names the demo subject, as `npm start` does.
  const kms = await startKms({ seed: demoSeed() });
  t.after(() => kms.close());
  t.after(setEnv(guardEnv(kms, { KMS_ORGANIZATION_ID: DEMO_ORGANIZATION_ID, LOG_LEVEL: 'INFO' })));
  const hostLines: string[] = [];
  const host = await startHost({
    functions: { [GUARD]: handler as FunctionHandler },
    token: () => TEST_TOKEN,
    loggingTriggers: [{ functionName: GUARD, source: kms.audit, cutoffMs: 0 }],
    log: (line) => hostLines.push(line),
  });
  t.after(() => host.close());
  const deliveries = () => hostLines.filter((line) => line.startsWith(`[host] logging -> ${GUARD} `));

  const run = await captureOutput(async () => {
    assert.equal(kms.version(KEY, VERSION)?.status, 'ACTIVE');
    await scheduleOnKms(kms, KEY, VERSION);
    const tookMs = await until(() => kms.version(KEY, VERSION)?.status === 'ACTIVE', 'the version is ACTIVE again');
    // The schedule's STARTED and DONE, then the guard's own cancel's STARTED and DONE: four deliveries, each answered.
    await until(() => deliveries().length >= 4, 'four deliveries answered');
    return tookMs;
  });
  await host.close();
  assert.equal(run.error, undefined, String(run.error));
  assert.ok(run.value! < 5_000, `cancelled after ${run.value} ms`);
  assert.equal(kms.version(KEY, VERSION)?.status, 'ACTIVE');

  const logs = records(run.lines);
  const guarded = logs.filter(
    (line) => line.level === 'WARN' && line.msg === `key version destruction scheduled by ${DEFAULT_SUBJECT.name}: cancelled`,
  );
  assert.equal(guarded.length, 1, `one WARN line for the destruction:\n${run.lines.join('\n')}`);
  assert.deepEqual(
    [guarded[0]!.keyId, guarded[0]!.versionId, guarded[0]!.subjectId, guarded[0]!.subjectType],
    [KEY, VERSION, DEFAULT_SUBJECT.id, DEFAULT_SUBJECT.type],
  );
  // The guard's own cancel comes back as a Cancel record: ignored, nothing cancelled twice.
  const cancels = requestsOf(kms, 'cancelVersionDestruction');
  assert.equal(cancels.length, 1);
  assert.equal(deliveries().length, 4);
  assert.ok(
    deliveries().every((line) => / ok \d+ms /.test(line)),
    `every batch answered without a redelivery:\n${deliveries().join('\n')}`,
  );
});
