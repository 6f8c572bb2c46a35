// recordSweep on its own, at a size no emulator test can afford: a mass scheduling of destructions is
// exactly when the guard must go on, so the figures must never be what stops it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordSweep } from '../../shared/metrics/figures.ts';
import { MetricsRecorder } from '../../shared/metrics/recorder.ts';
import type { SweepReport } from '../../shared/sweep/report.ts';
import { HOUR_MS } from './support.ts';

test('200,000 scheduled versions: the figures are recorded, the soonest not approved gives the hours', () => {
  const now = Date.now();
  const scheduled: SweepReport['scheduled'] = Array.from({ length: 200_000 }, (_, i) => ({
    keyId: `abjmass${Math.floor(i / 1000)}`,
    versionId: `abjmassv${i}`,
    // The soonest (i = 0, 1 h away) is approved; the next soonest is i = 1, 10 h away.
    destroyAt: new Date(now + (i === 0 ? 1 : 9 + i) * HOUR_MS).toISOString(),
    primary: false,
  }));
  // 200 keys without deletion protection, one in four left so on purpose (DELETION_APPROVAL_LABEL).
  const unprotectedKeys: SweepReport['unprotectedKeys'] = Array.from({ length: 200 }, (_, i) => ({
    keyId: `abjmass${i}`,
    folderId: 'b1gmassfolder',
    ...(i % 4 === 0 ? { approval: { rule: 'DELETION_APPROVAL_LABEL' as const, label: 'delete-approved' } } : {}),
  }));
  const report = { scheduled, unprotectedKeys, errors: [], notReached: [], complete: true } as unknown as SweepReport;
  const metrics = new MetricsRecorder();
  recordSweep(metrics, report, 1234.5, (entry) => entry.versionId === 'abjmassv0');
  const figures = Object.fromEntries(metrics.list().map((point) => [point.name, point.value]));
  const hours = figures.kms_guard_hours_to_next_destruction;
  assert.ok(hours !== undefined && Math.abs(hours - 10) < 1 / 60, `${hours} h`);
  assert.deepEqual(
    { ...figures, kms_guard_hours_to_next_destruction: undefined },
    {
      kms_guard_versions_scheduled: 200_000,
      kms_guard_hours_to_next_destruction: undefined,
      kms_guard_unprotected_keys: 150,
      kms_guard_keys_unread: 0,
      kms_guard_sweep_complete: 1,
      kms_guard_sweep_duration_ms: 1234.5,
    },
  );
});
