// The key deletion defense's figures, read back from the emulator's Monitoring value by value: keys without
// deletion protection (sweeps), protections turned on or not (guard sweep, audit batches), keys deleted
// (audit batches).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { handler as cancelHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { loggingBatchEvent, timerEvent } from '../../local/host/index.ts';
import { keyChangeOverHttp, setEnv } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';
import { baseEnv, CANARY_TOKEN, invoke, startMetricsKms, theWrite, valuesOf } from './support.ts';

const CANCEL = 'cancel-version-destruction';
/** Keys abjdef{a,b,c,d}: a protected, b and c not, d not but labelled delete-approved. */
const KEYS = ['abjdefa', 'abjdefb', 'abjdefc', 'abjdefd'];

let kms: Emulator;
let restoreEnv: () => void;

before(async () => {
  kms = await startMetricsKms();
  restoreEnv = setEnv(baseEnv(kms));
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.seed({
    keys: [
      keyWith('abjdefa', { deletionProtection: true }),
      keyWith('abjdefb', {}),
      keyWith('abjdefc', {}),
      keyWith('abjdefd', { labels: { 'delete-approved': 'yes' } }),
    ],
  });
  kms.faults.clear();
  kms.metrics.clear();
  kms.audit.clear();
  setEnv({ ...baseEnv(kms), KMS_KEY_IDS: KEYS.join(',') });
});
after(async () => {
  restoreEnv();
  await kms.close();
});

/** The key defense's figures of the one write (the others are checked in sweeps and batches). */
function keyFigures(labels: { function: string; trigger: string }): Record<string, number | undefined> {
  const values = valuesOf(theWrite(kms, labels));
  const names = ['kms_guard_unprotected_keys', 'kms_guard_protection_enabled', 'kms_guard_protection_failed', 'kms_guard_keys_deleted'];
  return Object.fromEntries(names.map((name) => [name, values[name]]));
}

test('report sweep: the keys without protection that no label approves', async () => {
  const run = await invoke(listHandler, timerEvent());
  assert.equal(run.error, undefined);
  assert.deepEqual(keyFigures({ function: 'list-versions', trigger: 'timer' }), {
    kms_guard_unprotected_keys: 2,
    kms_guard_protection_enabled: undefined,
    kms_guard_protection_failed: undefined,
    kms_guard_keys_deleted: undefined,
  });
});

test('guard sweep with enforcement: protected and failed, exactly; the posture is what the sweep found', async () => {
  setEnv({ ENFORCE_DELETION_PROTECTION: 'true' });
  kms.faults.add({ route: 'update', keyId: 'abjdefc', status: 403 });
  const run = await invoke(cancelHandler, timerEvent());
  assert.match(String(run.error?.message), /1 key\(s\) not confirmed protected/);
  assert.deepEqual(keyFigures({ function: CANCEL, trigger: 'timer' }), {
    kms_guard_unprotected_keys: 2,
    kms_guard_protection_enabled: 1,
    kms_guard_protection_failed: 1,
    kms_guard_keys_deleted: undefined,
  });
});

test('guard sweep without enforcement: nothing turned on, nothing failed', async () => {
  const run = await invoke(cancelHandler, timerEvent());
  assert.equal(run.error, undefined);
  assert.deepEqual(keyFigures({ function: CANCEL, trigger: 'timer' }), {
    kms_guard_unprotected_keys: 2,
    kms_guard_protection_enabled: 0,
    kms_guard_protection_failed: 0,
    kms_guard_keys_deleted: undefined,
  });
});

test('an audit batch: a protection turned back on and two deletions, one approved', async () => {
  setEnv({ ENFORCE_DELETION_PROTECTION: 'true' });
  const changes = [
    await keyChangeOverHttp(
      kms,
      'PATCH',
      'abjdefa',
      { updateMask: 'deletionProtection', deletionProtection: false },
      { token: CANARY_TOKEN },
    ),
    await keyChangeOverHttp(kms, 'DELETE', 'abjdefb', undefined, { token: CANARY_TOKEN }),
    await keyChangeOverHttp(kms, 'DELETE', 'abjdefd', undefined, { token: CANARY_TOKEN }),
  ];
  assert.deepEqual(
    changes.map((change) => change.status),
    [200, 200, 200],
  );
  const run = await invoke(cancelHandler, loggingBatchEvent(changes.flatMap((change) => change.entries)));
  assert.equal(run.error, undefined);
  assert.deepEqual(keyFigures({ function: CANCEL, trigger: 'logging' }), {
    kms_guard_unprotected_keys: undefined,
    kms_guard_protection_enabled: 1,
    kms_guard_protection_failed: 0,
    kms_guard_keys_deleted: 1,
  });
  assert.ok(!JSON.stringify(kms.metrics.writes()).includes(CANARY_TOKEN));
});
