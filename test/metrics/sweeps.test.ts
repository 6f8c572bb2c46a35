// The figures a timer sweep writes to Monitoring: the report sweep (list-versions) and the guard sweep
// (cancel-version-destruction), read back from the emulator's Monitoring and checked value by value.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler as cancelHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import type { Emulator, SeedKeyInput } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import { setEnv } from '../support/kms.ts';
import { baseEnv, type Figure, HOUR_MS, invoke, monitoringRequests, type Run, startMetricsKms, theWrite, valuesOf } from './support.ts';

const APPROVER = 'ajeapprover00000001';
const REPORT = { function: 'list-versions', trigger: 'timer' };
const GUARD = { function: 'cancel-version-destruction', trigger: 'timer' };
const SWEEP_NAMES = [
  'kms_guard_dry_run',
  'kms_guard_hours_to_next_destruction',
  'kms_guard_keys_unread',
  'kms_guard_sweep_complete',
  'kms_guard_sweep_duration_ms',
  'kms_guard_unprotected_keys',
  'kms_guard_versions_scheduled',
];

let kms: Emulator;
let restoreEnv: () => void;

before(async () => {
  kms = await startMetricsKms();
  // Restored once, after the file: every test below sets the same environment again.
  restoreEnv = setEnv(baseEnv(kms));
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.configure({ operationPolls: 0 });
  kms.faults.clear();
  kms.metrics.clear();
  kms.clearRequests();
  setEnv(baseEnv(kms));
});
after(async () => {
  restoreEnv();
  await kms.close();
});

interface VersionSpec {
  id: string;
  /** Hours from now to its destruction; absent: ACTIVE. */
  inHours?: number;
  scheduledBy?: string;
}

function key(id: string, versions: VersionSpec[], labels?: Record<string, string>): SeedKeyInput {
  const now = Date.now();
  return {
    id,
    ...(labels ? { labels } : {}),
    versions: [
      { id: `${id}p`, primary: true },
      ...versions.map(({ id: versionId, inHours, scheduledBy }) =>
        inHours === undefined
          ? { id: versionId }
          : {
              id: versionId,
              status: 'SCHEDULED_FOR_DESTRUCTION' as const,
              destroyAt: new Date(now + inHours * HOUR_MS).toISOString(),
              ...(scheduledBy ? { scheduledBy } : {}),
            },
      ),
    ],
  };
}

/** The hours the emulator's version is from now: what the metric should say, read at the same moment. */
function hoursTo(keyId: string, versionId: string): number {
  return (Date.parse(kms.version(keyId, versionId)!.destroyAt!) - Date.now()) / HOUR_MS;
}

function assertHours(figures: Record<string, Figure>, expected: number): void {
  const hours = figures.kms_guard_hours_to_next_destruction;
  assert.ok(hours, 'kms_guard_hours_to_next_destruction is written');
  // A minute of slack: far less than the hour between the seeded versions, far more than any run takes.
  assert.ok(Math.abs(hours.value - expected) < 1 / 60, `${hours.value} h, expected about ${expected} h`);
}

/** The sweep's duration is real: above 0 and no longer than the whole invocation took. */
function assertDuration(figures: Record<string, Figure>, run: Run): void {
  const duration = figures.kms_guard_sweep_duration_ms?.value ?? Number.NaN;
  assert.ok(duration > 0 && duration <= run.elapsedMs, `duration ${duration} ms, invocation ${run.elapsedMs} ms`);
}

/** Every value but the two that depend on the clock (checked on their own). */
function exactValues(figures: Record<string, Figure>): Record<string, number> {
  const { kms_guard_hours_to_next_destruction: _hours, kms_guard_sweep_duration_ms: _duration, ...rest } = valuesOf(figures);
  return rest;
}

const reportSweep = (payload?: string, remainingMs?: number) => invoke(listHandler, timerEvent(payload), remainingMs);
const guardSweep = (payload?: string) => invoke(cancelHandler, timerEvent(payload));

describe('report sweep (list-versions on a timer)', () => {
  test('one write: scheduled versions, hours to the soonest destruction, a complete sweep, its duration, no dry run', async () => {
    kms.seed({
      keys: [
        key('abjrepa', [{ id: 'abjrepas1', inHours: 5 }, { id: 'abjrepas2', inHours: 2 }, { id: 'abjrepaa1' }]),
        key('abjrepb', [{ id: 'abjrepbs1', inHours: 3 }]),
        key('abjrepc', [{ id: 'abjrepca1' }]),
      ],
    });
    setEnv({ KMS_KEY_IDS: 'abjrepa,abjrepb,abjrepc' });
    const run = await reportSweep();
    assert.equal(run.error, undefined);
    assert.equal(run.value.scheduled.length, 3);
    const figures = theWrite(kms, REPORT);
    assert.deepEqual(Object.keys(figures).sort(), SWEEP_NAMES);
    assert.deepEqual(exactValues(figures), {
      kms_guard_versions_scheduled: 3,
      kms_guard_keys_unread: 0,
      kms_guard_unprotected_keys: 3,
      kms_guard_sweep_complete: 1,
      kms_guard_dry_run: 0,
    });
    assertHours(figures, hoursTo('abjrepa', 'abjrepas2'));
    assertDuration(figures, run);
    const [request] = monitoringRequests(kms);
    assert.equal(request?.authorized, true, 'written with the invocation token');
  });

  test('nothing scheduled: the hours are absent, not zero', async () => {
    kms.seed({ keys: [key('abjrepa', [{ id: 'abjrepaa1' }])] });
    setEnv({ KMS_KEY_IDS: 'abjrepa' });
    const run = await reportSweep();
    assert.equal(run.error, undefined);
    const figures = theWrite(kms, REPORT);
    assert.deepEqual(
      Object.keys(figures).sort(),
      SWEEP_NAMES.filter((name) => name !== 'kms_guard_hours_to_next_destruction'),
    );
    assert.deepEqual(exactValues(figures), {
      kms_guard_versions_scheduled: 0,
      kms_guard_keys_unread: 0,
      kms_guard_unprotected_keys: 1,
      kms_guard_sweep_complete: 1,
      kms_guard_dry_run: 0,
    });
  });

  test('an approved destruction does not count for the hours: by APPROVED_SUBJECT_IDS, by APPROVAL_LABEL, or both', async () => {
    kms.seed({
      keys: [
        key('abjappa', [
          { id: 'abjappas1', inHours: 2, scheduledBy: APPROVER },
          { id: 'abjappas2', inHours: 6 },
        ]),
        key('abjappb', [{ id: 'abjappbs1', inHours: 4 }], { 'destroy-approved': 'abjappbs1_abjother1' }),
      ],
    });
    setEnv({ KMS_KEY_IDS: 'abjappa,abjappb' });
    const cases: Array<{ env: Record<string, string | undefined>; soonest: [string, string] }> = [
      // The default APPROVAL_LABEL honours abjappbs1; the approver's version still counts.
      { env: { APPROVED_SUBJECT_IDS: undefined, APPROVAL_LABEL: undefined }, soonest: ['abjappa', 'abjappas1'] },
      { env: { APPROVED_SUBJECT_IDS: APPROVER, APPROVAL_LABEL: 'other-label' }, soonest: ['abjappb', 'abjappbs1'] },
      { env: { APPROVED_SUBJECT_IDS: `ajesomeoneelse0001,${APPROVER}`, APPROVAL_LABEL: undefined }, soonest: ['abjappa', 'abjappas2'] },
    ];
    for (const { env, soonest } of cases) {
      kms.metrics.clear();
      setEnv(env);
      const run = await reportSweep();
      assert.equal(run.error, undefined);
      const figures = theWrite(kms, REPORT);
      assert.equal(figures.kms_guard_versions_scheduled?.value, 3, 'approved versions are still scheduled versions');
      assertHours(figures, hoursTo(...soonest));
    }
  });

  test('every scheduled version approved: the hours are absent', async () => {
    kms.seed({ keys: [key('abjappa', [{ id: 'abjappas1', inHours: 2, scheduledBy: APPROVER }])] });
    setEnv({ KMS_KEY_IDS: 'abjappa', APPROVED_SUBJECT_IDS: APPROVER });
    const run = await reportSweep();
    assert.equal(run.error, undefined);
    const figures = theWrite(kms, REPORT);
    assert.equal(figures.kms_guard_hours_to_next_destruction, undefined);
    assert.equal(figures.kms_guard_versions_scheduled?.value, 1);
  });

  test('a key, a folder, a cloud and an organization that cannot be read: 4 unread, not complete', async () => {
    kms.seed({
      keys: [key('abjunra', [{ id: 'abjunras1', inHours: 3 }]), key('abjunrb', [{ id: 'abjunrbs1', inHours: 1 }])],
      clouds: [
        { id: 'b1gunrcloud0001', folders: [{ id: 'b1gunrdenied0001', accessDenied: true }] },
        { id: 'b1gunrcloud0002', accessDenied: true },
      ],
    });
    kms.faults.add([
      { route: 'listVersions', keyId: 'abjunrb', status: 403 },
      { route: 'listClouds', resourceId: 'bpfunrorg0001', status: 403 },
    ]);
    setEnv({
      KMS_KEY_IDS: 'abjunra,abjunrb',
      KMS_FOLDER_IDS: 'b1gunrdenied0001',
      KMS_CLOUD_IDS: 'b1gunrcloud0002',
      KMS_ORGANIZATION_ID: 'bpfunrorg0001',
    });
    const run = await reportSweep();
    assert.equal(run.error, undefined);
    assert.equal(run.value.errors.length, 4, JSON.stringify(run.value.errors));
    const figures = theWrite(kms, REPORT);
    assert.deepEqual(exactValues(figures), {
      kms_guard_versions_scheduled: 1,
      kms_guard_keys_unread: 4,
      kms_guard_unprotected_keys: 2,
      kms_guard_sweep_complete: 0,
      kms_guard_dry_run: 0,
    });
    assertHours(figures, hoursTo('abjunra', 'abjunras1'));
  });

  test('keys and a folder the deadline left unreached count as unread', async () => {
    kms.seed({ keys: [key('abjunra', [{ id: 'abjunras1', inHours: 3 }]), key('abjunrb', [])] });
    setEnv({ KMS_KEY_IDS: 'abjunra,abjunrb', KMS_FOLDER_IDS: 'b1gunrfolder0001' });
    // 700 ms left less the 250 ms margin: too little to start a listing, enough to write the figures.
    const run = await reportSweep(undefined, 700);
    assert.equal(run.error, undefined);
    assert.equal(run.value.notReached.length, 3);
    const figures = theWrite(kms, REPORT);
    assert.deepEqual(exactValues(figures), {
      kms_guard_versions_scheduled: 0,
      kms_guard_keys_unread: 3,
      kms_guard_unprotected_keys: 0,
      kms_guard_sweep_complete: 0,
      kms_guard_dry_run: 0,
    });
    assert.equal(figures.kms_guard_hours_to_next_destruction, undefined);
  });

  test('a dry run asked in the timer payload says so', async () => {
    kms.seed({ keys: [key('abjrepa', [{ id: 'abjrepas1', inHours: 2 }])] });
    setEnv({ KMS_KEY_IDS: 'abjrepa' });
    const run = await reportSweep(JSON.stringify({ dryRun: true }));
    assert.equal(run.error, undefined);
    assert.equal(theWrite(kms, REPORT).kms_guard_dry_run?.value, 1);
  });
});

describe('guard sweep (cancel-version-destruction on a timer)', () => {
  const OUTCOME_NAMES = [
    'kms_guard_already_active',
    'kms_guard_approved',
    'kms_guard_cancel_failed',
    'kms_guard_cancelled',
    'kms_guard_pending',
    'kms_guard_protection_enabled',
    'kms_guard_protection_failed',
  ];

  /** Two to cancel, one approved by subject, one by label, one whose cancel is refused, one never confirmed. */
  function seedGuard(): void {
    kms.seed({
      keys: [
        key('abjgrda', [
          { id: 'abjgrdas1', inHours: 3 },
          { id: 'abjgrdas2', inHours: 4 },
        ]),
        key('abjgrdb', [{ id: 'abjgrdbs1', inHours: 1, scheduledBy: APPROVER }]),
        key('abjgrdc', [{ id: 'abjgrdcs1', inHours: 2 }], { 'destroy-approved': 'abjgrdcs1' }),
        key('abjgrdd', [{ id: 'abjgrdds1', inHours: 5 }]),
        key('abjgrde', [{ id: 'abjgrdes1', inHours: 6 }]),
      ],
    });
    setEnv({ KMS_KEY_IDS: 'abjgrda,abjgrdb,abjgrdc,abjgrdd,abjgrde', APPROVED_SUBJECT_IDS: APPROVER });
  }

  test('cancelled, approved, failed and pending, exactly; the sweep throws after writing them', async () => {
    seedGuard();
    // Every operation needs a poll; abjgrde's polls are refused, so its cancel is accepted but never confirmed.
    kms.configure({ operationPolls: 1 });
    kms.faults.add([
      { route: 'cancelVersionDestruction', keyId: 'abjgrdd', status: 403 },
      { route: 'getOperation', keyId: 'abjgrde', status: 403 },
    ]);
    // abjgrdbs1 (1 h) and abjgrdcs1 (2 h) are approved: the soonest not approved is abjgrdas1, cancelled by the sweep.
    const soonest = hoursTo('abjgrda', 'abjgrdas1');
    const run = await guardSweep();
    assert.match(String(run.error?.message), /^ABORTED: guard sweep incomplete: 1 cancellation\(s\) failed, 1 not confirmed yet/);
    assert.equal(kms.version('abjgrde', 'abjgrdes1')?.status, 'SCHEDULED_FOR_DESTRUCTION');
    const figures = theWrite(kms, GUARD);
    assert.deepEqual(Object.keys(figures).sort(), [...SWEEP_NAMES, ...OUTCOME_NAMES].sort());
    assert.deepEqual(exactValues(figures), {
      kms_guard_versions_scheduled: 6,
      kms_guard_keys_unread: 0,
      kms_guard_unprotected_keys: 5,
      kms_guard_sweep_complete: 1,
      kms_guard_dry_run: 0,
      kms_guard_cancelled: 2,
      kms_guard_already_active: 0,
      kms_guard_pending: 1,
      kms_guard_approved: 2,
      kms_guard_cancel_failed: 1,
      kms_guard_protection_enabled: 0,
      kms_guard_protection_failed: 0,
    });
    assertHours(figures, soonest);
    assertDuration(figures, run);
  });

  test('a sweep that saves every version answers; the next one finds only the approved destructions', async () => {
    seedGuard();
    const first = await guardSweep();
    assert.equal(first.error, undefined);
    assert.deepEqual(exactValues(theWrite(kms, GUARD)), {
      kms_guard_versions_scheduled: 6,
      kms_guard_keys_unread: 0,
      kms_guard_unprotected_keys: 5,
      kms_guard_sweep_complete: 1,
      kms_guard_dry_run: 0,
      kms_guard_cancelled: 4,
      kms_guard_already_active: 0,
      kms_guard_pending: 0,
      kms_guard_approved: 2,
      kms_guard_cancel_failed: 0,
      kms_guard_protection_enabled: 0,
      kms_guard_protection_failed: 0,
    });
    kms.metrics.clear();
    const second = await guardSweep();
    assert.equal(second.error, undefined);
    const figures = theWrite(kms, GUARD);
    assert.deepEqual(exactValues(figures), {
      kms_guard_versions_scheduled: 2,
      kms_guard_keys_unread: 0,
      kms_guard_unprotected_keys: 5,
      kms_guard_sweep_complete: 1,
      kms_guard_dry_run: 0,
      kms_guard_cancelled: 0,
      kms_guard_already_active: 0,
      kms_guard_pending: 0,
      kms_guard_approved: 2,
      kms_guard_cancel_failed: 0,
      kms_guard_protection_enabled: 0,
      kms_guard_protection_failed: 0,
    });
    assert.equal(figures.kms_guard_hours_to_next_destruction, undefined, 'only approved destructions are left');
  });

  test('a dry run cancels nothing and says so', async () => {
    seedGuard();
    setEnv({ DRY_RUN: 'true' });
    const run = await guardSweep();
    assert.equal(run.error, undefined);
    assert.deepEqual(exactValues(theWrite(kms, GUARD)), {
      kms_guard_versions_scheduled: 6,
      kms_guard_keys_unread: 0,
      kms_guard_unprotected_keys: 5,
      kms_guard_sweep_complete: 1,
      kms_guard_dry_run: 1,
      kms_guard_cancelled: 0,
      kms_guard_already_active: 0,
      kms_guard_pending: 0,
      kms_guard_approved: 2,
      kms_guard_cancel_failed: 0,
      kms_guard_protection_enabled: 0,
      kms_guard_protection_failed: 0,
    });
  });

  test('an unreadable key fails the sweep; its figures are written first', async () => {
    seedGuard();
    kms.faults.add({ route: 'listVersions', keyId: 'abjgrdd', status: 403 });
    const run = await guardSweep();
    assert.match(
      String(run.error?.message),
      /^ABORTED: guard sweep incomplete: 0 cancellation\(s\) failed, 0 not confirmed yet \(not saved\), 1 key\(s\) unreadable/,
    );
    assert.deepEqual(exactValues(theWrite(kms, GUARD)), {
      kms_guard_versions_scheduled: 5,
      kms_guard_keys_unread: 1,
      kms_guard_unprotected_keys: 5,
      kms_guard_sweep_complete: 0,
      kms_guard_dry_run: 0,
      kms_guard_cancelled: 3,
      kms_guard_already_active: 0,
      kms_guard_pending: 0,
      kms_guard_approved: 2,
      kms_guard_cancel_failed: 0,
      kms_guard_protection_enabled: 0,
      kms_guard_protection_failed: 0,
    });
  });
});
