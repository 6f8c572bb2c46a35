import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { queueEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { cleanEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

// A queue message whose version cannot be saved for good (no such version or key, already destroyed,
// access refused) is not delivered again, since it would fail the same way: so its ERROR line is the
// only trace it leaves, and it must be there whatever LOG_LEVEL says short of ERROR.
let kms: Emulator;
let restoreEnv: () => void;

before(async () => {
  kms = await startKms();
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({
    keys: [
      keyWith('abjfinal', { scheduled: 2, destroyed: 1 }),
      { id: 'abjfinaldenied', accessDenied: true, versions: [{ id: 'abjfinaldeniedp', primary: true }] },
    ],
  });
  kms.clearRequests();
  restoreEnv = setEnv(cleanEnv(kms, { LOG_LEVEL: 'WARN', KMS_MAX_ATTEMPTS: '2' }));
});
after(async () => {
  restoreEnv();
  await kms.close();
});

const NOT_SAVED = [
  { keyId: 'abjfinal', versionId: 'abjnosuchversion', code: 'NOT_FOUND' },
  { keyId: 'abjfinal', versionId: 'abjfinald1', code: 'FAILED_PRECONDITION' },
  { keyId: 'abjnosuchkey', versionId: 'abjnosuchkeyv1', code: 'NOT_FOUND' },
  { keyId: 'abjfinaldenied', versionId: 'abjfinaldeniedp', code: 'PERMISSION_DENIED' },
];

for (const level of ['WARN', 'INFO']) {
  test(`LOG_LEVEL=${level}: an ERROR line per version not saved, with keyId, versionId, code and reason; the batch is not redelivered`, async () => {
    setEnv({ LOG_LEVEL: level });
    const bodies = [
      ...NOT_SAVED.map(({ keyId, versionId }) => JSON.stringify({ keyId, versionId })),
      JSON.stringify({ keyId: 'abjfinal', versionId: 'abjfinals1' }),
    ];
    const run = await captureOutput(() => handler(queueEvent(bodies), invocationContext({ token: TEST_TOKEN })));
    assert.equal(run.error, undefined, 'a failure that will not pass is not a reason to deliver the batch again');
    const outcomes = run.value as Array<{ summary: { cancelled: number; failed: number } }>;
    assert.deepEqual(
      outcomes.map((o) => o.summary.failed),
      [1, 1, 1, 1, 0],
    );
    assert.equal(kms.version('abjfinal', 'abjfinals1')?.status, 'ACTIVE', 'the good message was done');

    const errors = records(run.lines).filter((l) => l.level === 'ERROR' && l.msg === 'could not cancel destruction');
    assert.deepEqual(errors.map((l) => [l.keyId, l.versionId, l.code]).sort(), NOT_SAVED.map((v) => [v.keyId, v.versionId, v.code]).sort());
    for (const line of errors) assert.ok(typeof line.reason === 'string' && line.reason.length > 0, `a reason for ${line.versionId}`);
    assert.match(errors.find((l) => l.versionId === 'abjfinald1')!.reason, /already destroyed/);
    if (level === 'WARN') assert.ok(records(run.lines).every((l) => l.level === 'WARN' || l.level === 'ERROR'));
  });
}
