// The figures a batch writes to Monitoring (a queue batch, a Cloud Logging batch, a bare audit event, a
// direct items or report call), and the calls that write none.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler as cancelHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import type { AuditLogEntry, Emulator } from '../../local/emulator/index.ts';
import { loggingBatchEvent, queueEvent, timerEvent } from '../../local/host/index.ts';
import { asHttpAnswer, httpEvent } from '../support/events.ts';
import { setEnv } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';
import {
  baseEnv,
  CANARY_TOKEN,
  cancelOverHttp,
  invoke,
  monitoringRequests,
  scheduleOverHttp,
  startMetricsKms,
  theWrite,
  valuesOf,
} from './support.ts';

const APPROVER = 'ajeapprover00000001';
const APPROVER_TOKEN = 't1.approver-token-0000000000000001';
const CANCEL = 'cancel-version-destruction';

let kms: Emulator;
let restoreEnv: () => void;

before(async () => {
  kms = await startMetricsKms({
    tokens: [CANARY_TOKEN, APPROVER_TOKEN],
    subjects: { [APPROVER_TOKEN]: { id: APPROVER, name: 'approver' } },
  });
  // Restored once, after the file: every test below sets the same environment again.
  restoreEnv = setEnv(baseEnv(kms));
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.configure({ operationPolls: 0 });
  // Keys abjbat{a,b,c,d}: a primary, one active version (…a1) and two scheduled (…s1, …s2) each.
  kms.seed({ keys: ['abjbata', 'abjbatb', 'abjbatc', 'abjbatd'].map((id) => keyWith(id, { active: 1, scheduled: 2 })) });
  kms.faults.clear();
  kms.metrics.clear();
  kms.audit.clear();
  kms.clearRequests();
  setEnv(baseEnv(kms));
});
after(async () => {
  restoreEnv();
  await kms.close();
});

/** What every outcome figure says, with nothing else expected in the write. */
function outcomes(counts: {
  cancelled?: number;
  alreadyActive?: number;
  pending?: number;
  approved?: number;
  failed?: number;
  dryRun?: number;
}) {
  return {
    kms_guard_cancelled: counts.cancelled ?? 0,
    kms_guard_already_active: counts.alreadyActive ?? 0,
    kms_guard_pending: counts.pending ?? 0,
    kms_guard_approved: counts.approved ?? 0,
    kms_guard_cancel_failed: counts.failed ?? 0,
    kms_guard_dry_run: counts.dryRun ?? 0,
  };
}

/** An audit batch's figures: the cancels', and what became of keys' deletion protection and of deleted keys. */
function auditOutcomes(counts: Parameters<typeof outcomes>[0] & { protectedKeys?: number; protectionFailed?: number; deleted?: number }) {
  return {
    ...outcomes(counts),
    kms_guard_protection_enabled: counts.protectedKeys ?? 0,
    kms_guard_protection_failed: counts.protectionFailed ?? 0,
    kms_guard_keys_deleted: counts.deleted ?? 0,
  };
}

function assertNoWrite(): void {
  assert.deepEqual(kms.metrics.writes(), []);
  assert.deepEqual(monitoringRequests(kms), [], 'Monitoring was not called at all');
}

describe('queue batch (trigger queue)', () => {
  test('a batch with a duplicate, an active version, a refused cancel and poison: each version counted once', async () => {
    kms.faults.add({ route: 'cancelVersionDestruction', keyId: 'abjbatc', status: 403 });
    const run = await invoke(
      cancelHandler,
      queueEvent([
        JSON.stringify({
          items: [
            { keyId: 'abjbata', versionId: 'abjbatas1' },
            { keyId: 'abjbatb', versionId: 'abjbatbs1' },
          ],
        }),
        JSON.stringify({ keyId: 'abjbata', versionId: 'abjbatas1' }),
        JSON.stringify({ keyId: 'abjbatb', versionId: 'abjbatba1' }),
        JSON.stringify({ keyId: 'abjbatc', versionId: 'abjbatcs1' }),
        'not JSON',
      ]),
    );
    assert.equal(run.error, undefined, 'a refusal that would only repeat is not redelivered');
    assert.equal(run.value.length, 5);
    assert.deepEqual(
      valuesOf(theWrite(kms, { function: CANCEL, trigger: 'queue' })),
      outcomes({ cancelled: 2, alreadyActive: 1, failed: 1 }),
    );
  });

  test('a cancel not confirmed is pending: the batch is handed back, its figures written first', async () => {
    kms.configure({ operationPolls: 3 });
    const run = await invoke(
      cancelHandler,
      queueEvent([
        JSON.stringify({
          items: [
            { keyId: 'abjbata', versionId: 'abjbatas1' },
            { keyId: 'abjbatb', versionId: 'abjbatba1' },
          ],
          wait: false,
        }),
      ]),
    );
    assert.match(String(run.error?.message), /^UNAVAILABLE: .*1 not confirmed yet/);
    assert.deepEqual(valuesOf(theWrite(kms, { function: CANCEL, trigger: 'queue' })), outcomes({ pending: 1, alreadyActive: 1 }));
  });
});

describe('audit records (Cloud Logging batch, bare audit event)', () => {
  /**
   * Destructions scheduled through the emulator's KMS API, so its audit log records them as the trail does:
   * abjbata a1 by anyone (to cancel), abjbatb a1 by the approver, abjbatc a1 cancelled again by hand
   * (already active), abjbatd a1 whose cancel KMS refuses.
   */
  async function scheduledByHand(): Promise<AuditLogEntry[]> {
    await scheduleOverHttp(kms, CANARY_TOKEN, 'abjbata', 'abjbataa1');
    await scheduleOverHttp(kms, APPROVER_TOKEN, 'abjbatb', 'abjbatba1');
    await scheduleOverHttp(kms, CANARY_TOKEN, 'abjbatc', 'abjbatca1');
    await cancelOverHttp(kms, CANARY_TOKEN, 'abjbatc', 'abjbatca1');
    await scheduleOverHttp(kms, CANARY_TOKEN, 'abjbatd', 'abjbatda1');
    kms.faults.add({ route: 'cancelVersionDestruction', keyId: 'abjbatd', status: 403 });
    kms.clearRequests();
    const entries = kms.audit.entries();
    assert.equal(entries.filter((entry) => entry.json_payload.event_status === 'DONE').length, 5, 'four schedules and a cancel done');
    return entries;
  }

  test('a logging batch: cancelled, approved, already active and failed, exactly', async () => {
    const entries = await scheduledByHand();
    setEnv({ APPROVED_SUBJECT_IDS: APPROVER });
    const run = await invoke(cancelHandler, loggingBatchEvent(entries));
    assert.equal(run.error, undefined, 'a refusal that would only repeat is not redelivered');
    assert.deepEqual(run.value.summary, { cancelled: 1, pending: 0, alreadyActive: 1, failed: 1, approved: 1, wouldCancel: 0 });
    assert.deepEqual(
      valuesOf(theWrite(kms, { function: CANCEL, trigger: 'logging' })),
      auditOutcomes({ cancelled: 1, approved: 1, alreadyActive: 1, failed: 1 }),
    );
  });

  test('a bare audit event is a direct call; a dry run says so and cancels nothing', async () => {
    const entries = await scheduledByHand();
    const done = entries.find(
      (entry) => entry.json_payload.event_status === 'DONE' && entry.json_payload.request_parameters.version_id === 'abjbataa1',
    )!;
    setEnv({ DRY_RUN: 'true' });
    const dry = await invoke(cancelHandler, done.json_payload);
    assert.equal(dry.error, undefined);
    assert.deepEqual(valuesOf(theWrite(kms, { function: CANCEL, trigger: 'direct' })), auditOutcomes({ dryRun: 1 }));
    assert.equal(kms.version('abjbata', 'abjbataa1')?.status, 'SCHEDULED_FOR_DESTRUCTION');

    kms.metrics.clear();
    setEnv({ DRY_RUN: undefined });
    const run = await invoke(cancelHandler, done.json_payload);
    assert.equal(run.error, undefined);
    assert.deepEqual(valuesOf(theWrite(kms, { function: CANCEL, trigger: 'direct' })), auditOutcomes({ cancelled: 1 }));
    assert.equal(kms.version('abjbata', 'abjbataa1')?.status, 'ACTIVE');
  });
});

describe('direct batch calls (trigger direct)', () => {
  test('{items: [...]}: cancelled, already active and failed, exactly', async () => {
    const run = await invoke(cancelHandler, {
      items: [
        { keyId: 'abjbata', versionId: 'abjbatas1' },
        { keyId: 'abjbata', versionId: 'abjbatas2' },
        { keyId: 'abjbatb', versionId: 'abjbatba1' },
        { keyId: 'abjbatc', versionId: 'abjbatnone1' },
      ],
    });
    assert.equal(run.error, undefined);
    assert.deepEqual(run.value.summary, { cancelled: 2, pending: 0, alreadyActive: 1, failed: 1 });
    assert.deepEqual(
      valuesOf(theWrite(kms, { function: CANCEL, trigger: 'direct' })),
      outcomes({ cancelled: 2, alreadyActive: 1, failed: 1 }),
    );
  });

  test('a sweep report handed on (its scheduled list) writes the same figures', async () => {
    const run = await invoke(cancelHandler, {
      scheduled: [
        { keyId: 'abjbatd', versionId: 'abjbatds1', destroyAt: '2030-01-01T00:00:00Z' },
        { keyId: 'abjbatd', versionId: 'abjbatdp', destroyAt: '2030-01-01T00:00:00Z' },
      ],
    });
    assert.equal(run.error, undefined);
    assert.deepEqual(valuesOf(theWrite(kms, { function: CANCEL, trigger: 'direct' })), outcomes({ cancelled: 1, alreadyActive: 1 }));
  });
});

describe('calls that write no figures', () => {
  test('a single HTTP cancel', async () => {
    const run = await invoke(
      cancelHandler,
      httpEvent({
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ keyId: 'abjbata', versionId: 'abjbatas1' }),
      }),
    );
    assert.equal(asHttpAnswer(run.value).statusCode, 200);
    assert.equal(kms.version('abjbata', 'abjbatas1')?.status, 'ACTIVE');
    assertNoWrite();
  });

  test('a single direct {keyId, versionId}', async () => {
    const run = await invoke(cancelHandler, { keyId: 'abjbata', versionId: 'abjbatas1' });
    assert.equal(run.error, undefined);
    assert.equal(run.value.summary.cancelled, 1);
    assertNoWrite();
  });

  test('an HTTP list and a direct list', async () => {
    const http = await invoke(listHandler, httpEvent({ method: 'GET', query: { keyId: 'abjbata' } }));
    assert.equal(asHttpAnswer(http.value).statusCode, 200);
    const direct = await invoke(listHandler, { keyId: 'abjbata' });
    assert.equal(direct.error, undefined);
    assert.ok(kms.requests.some((request) => request.route === 'listVersions'));
    assertNoWrite();
  });

  test('MONITORING_FOLDER_ID unset: sweeps and batches write nothing', async () => {
    setEnv({ MONITORING_FOLDER_ID: undefined, KMS_KEY_IDS: 'abjbata,abjbatb' });
    const report = await invoke(listHandler, timerEvent());
    assert.equal(report.value.scheduled.length, 4);
    const guard = await invoke(cancelHandler, timerEvent());
    assert.equal(guard.value.summary.cancelled, 4);
    const batch = await invoke(cancelHandler, { items: [{ keyId: 'abjbatc', versionId: 'abjbatcs1' }] });
    assert.equal(batch.value.summary.cancelled, 1);
    const queue = await invoke(cancelHandler, queueEvent([JSON.stringify({ keyId: 'abjbatd', versionId: 'abjbatds1' })]));
    assert.equal(queue.error, undefined);
    assertNoWrite();
  });
});
