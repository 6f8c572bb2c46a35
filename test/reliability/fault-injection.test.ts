import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import { type Emulator, type FaultRule, generateSeed } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { kmsEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';

// Rules are tried in order and each draws on its own, so each probability is conditional on the rules
// before it not firing: overall 30% 503, 10% 429, 5% dropped, 5% too slow, 1% + 1% malformed; and 5% of
// cancels whose answer is lost after they took effect, the case a resend must not guess about.
const FAULTS: FaultRule[] = [
  { route: '*', probability: 0.3, status: 503 },
  { route: '*', probability: 0.1 / 0.7, status: 429, retryAfter: '1' },
  { route: '*', probability: 0.05 / 0.6, drop: true },
  { route: '*', probability: 0.05 / 0.55, latencyMs: 600 },
  { route: '*', probability: 0.01 / 0.5, malformed: 'json' },
  { route: '*', probability: 0.01 / 0.49, malformed: 'shape' },
  { route: 'cancelVersionDestruction', probability: 0.05 / 0.48, dropAnswer: true },
];

let kms: Emulator;
let restoreEnv: () => void;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  kms = await startKms({ faultSeed: 20261123 });
});
after(async () => {
  process.off('unhandledRejection', onUnhandled);
  restoreEnv?.();
  await kms.close();
});

test('a guard sweep through a flaky KMS: every scheduled version is saved or reported failed with its reason', async (t) => {
  const seed = generateSeed({ keys: 50, versionsPerKey: 10, scheduled: 200, idPrefix: 'flk' });
  kms.seed(seed);
  const keyIds = seed.keys.map((k) => k.id);
  const scheduledBefore = keyIds.flatMap((keyId) =>
    kms
      .key(keyId)!
      .versions.filter((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION')
      .map((v) => `${keyId}/${v.id}`),
  );
  assert.equal(scheduledBefore.length, 200);
  restoreEnv = setEnv({
    ...kmsEnv(kms),
    KMS_KEY_IDS: keyIds.join(','),
    SWEEP_CONCURRENCY: '8',
    KMS_REQUEST_TIMEOUT_MS: '400',
    KMS_MAX_ATTEMPTS: '6',
    LOG_LEVEL: 'INFO',
  });
  kms.clearRequests();
  kms.faults.add(FAULTS);

  const run = await captureOutput(() => handler(timerEvent(), invocationContext({ token: TEST_TOKEN, remainingMs: 240_000 })));
  kms.faults.clear();
  const logs = records(run.lines);

  const saved = new Map<string, string>();
  for (const line of logs.filter((l) => l.msg === 'destruction cancelled' || l.msg.startsWith('nothing to cancel')))
    saved.set(`${line.keyId}/${line.versionId}`, line.outcome);
  const failed = new Map<string, { code: string; reason: string }>();
  for (const line of logs.filter((l) => l.msg === 'could not cancel destruction' && l.level === 'ERROR'))
    failed.set(`${line.keyId}/${line.versionId}`, { code: line.code, reason: line.reason });
  const pending = new Set(
    logs.filter((l) => l.msg.startsWith('cancel not confirmed yet') && l.level === 'WARN').map((l) => `${l.keyId}/${l.versionId}`),
  );
  const unreadable = new Set(logs.filter((l) => l.msg === 'could not read key versions').map((l) => l.keyId as string));
  const notReached = new Set(logs.filter((l) => l.msg === 'keys not reached before the deadline').flatMap((l) => l.keyIds as string[]));

  // Nothing reported saved that is not ACTIVE in KMS.
  for (const [entry, outcome] of saved) {
    const [keyId, versionId] = entry.split('/') as [string, string];
    assert.equal(kms.version(keyId, versionId)?.status, 'ACTIVE', `${entry} reported ${outcome}`);
  }
  // Nothing silently lost: each version is saved, or named as failed with a reason, or on a key named as unread.
  for (const entry of scheduledBefore) {
    const keyId = entry.split('/')[0]!;
    const reason = failed.get(entry);
    assert.ok(
      saved.has(entry) || (reason && reason.reason.length > 0) || pending.has(entry) || unreadable.has(keyId) || notReached.has(keyId),
      `${entry} was neither saved nor reported`,
    );
  }
  // The invocation fails exactly when something needed was not done.
  const incomplete = failed.size + pending.size + unreadable.size + notReached.size;
  if (incomplete > 0) assert.match(String((run.error as Error)?.message), /^ABORTED: guard sweep incomplete/);
  else assert.equal(run.error, undefined);
  assert.deepEqual(unhandled, []);

  const summary = logs.find((l) => l.msg === 'guard sweep finished') ?? logs.find((l) => l.msg === 'sweep finished');
  const faulted = kms.requests.filter((r) => r.fault).length;
  t.diagnostic(
    `requests ${kms.requests.length} (${faulted} faulted), retries ${summary?.retries}, cancelled ${saved.size}, failed ${failed.size}, keys unread ${unreadable.size + notReached.size}`,
  );
  assert.ok(faulted > kms.requests.length * 0.3, 'the faults really were injected');
  assert.ok(saved.size > 150, `most versions get through six attempts (saved ${saved.size})`);
});
