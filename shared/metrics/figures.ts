import type { KeySummary } from '../guard/key-outcomes.ts';
import type { CancelSummary, GuardSummary } from '../guard/outcomes.ts';
import { type SweepReport, unapproved } from '../sweep/report.ts';
import type { MetricsRecorder } from './recorder.ts';

const HOUR_MS = 3_600_000;

/**
 * What a sweep found, for alerts: versions scheduled, hours to the soonest destruction that is not
 * approved (absent when there is none), keys without deletion protection that no label approves, what
 * could not be read or reached, whether it was complete.
 */
export function recordSweep(
  metrics: MetricsRecorder,
  report: SweepReport,
  durationMs: number,
  isApproved: (entry: SweepReport['scheduled'][number]) => boolean,
): void {
  metrics.gauge('kms_guard_versions_scheduled', report.scheduled.length);
  // A loop, not Math.min(...): spreading some 120,000 versions overflows the stack and would fail the sweep.
  let soonest = Number.POSITIVE_INFINITY;
  for (const entry of report.scheduled) {
    const at = Date.parse(entry.destroyAt);
    if (at < soonest && !isApproved(entry)) soonest = at;
  }
  if (Number.isFinite(soonest)) metrics.gauge('kms_guard_hours_to_next_destruction', (soonest - Date.now()) / HOUR_MS);
  metrics.count('kms_guard_unprotected_keys', unapproved(report).length);
  metrics.count('kms_guard_keys_unread', report.errors.length + report.notReached.length);
  metrics.count('kms_guard_sweep_complete', report.complete ? 1 : 0);
  metrics.gauge('kms_guard_sweep_duration_ms', durationMs);
}

/** What the cancel function did in this invocation. */
export function recordOutcomes(metrics: MetricsRecorder, summary: CancelSummary & Partial<GuardSummary>): void {
  metrics.count('kms_guard_cancelled', summary.cancelled);
  metrics.count('kms_guard_already_active', summary.alreadyActive);
  metrics.count('kms_guard_pending', summary.pending);
  metrics.count('kms_guard_approved', summary.approved ?? 0);
  metrics.count('kms_guard_cancel_failed', summary.failed);
}

/** What the guard did about keys' deletion protection; `deletions` too where it sees them (audit events). */
export function recordKeyOutcomes(metrics: MetricsRecorder, summary: KeySummary, options: { deletions: boolean }): void {
  metrics.count('kms_guard_protection_enabled', summary.protected);
  // Not confirmed is not protected: a pending change counts with the failures, as the alert needs it.
  metrics.count('kms_guard_protection_failed', summary.failed + summary.pending);
  if (options.deletions) metrics.count('kms_guard_keys_deleted', summary.deleted);
}

export function recordDryRun(metrics: MetricsRecorder, dryRun: boolean): void {
  metrics.count('kms_guard_dry_run', dryRun ? 1 : 0);
}
