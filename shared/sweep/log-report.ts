import type { ApiStats } from '../http/cloud-api.ts';
import type { Logger } from '../log.ts';
import type { SweepReport } from './report.ts';

const HOUR_MS = 3_600_000;

/** One WARN line per version scheduled for destruction, one per key that could not be read, one summary. */
export function logSweepReport(log: Logger, report: SweepReport, stats?: ApiStats, now = Date.now()): void {
  for (const entry of report.scheduled) {
    const hoursLeft = Math.round(((Date.parse(entry.destroyAt) - now) / HOUR_MS) * 10) / 10;
    log.warn('key version scheduled for destruction', {
      keyId: entry.keyId,
      versionId: entry.versionId,
      destroyAt: entry.destroyAt,
      hoursLeft,
    });
  }
  for (const error of report.errors) log.error('could not read key versions', { ...error });
  if (report.notReached.length > 0) {
    log.error('keys not reached before the deadline', { keys: report.notReached.length, keyIds: report.notReached });
  }
  log.info('sweep finished', {
    keysScanned: report.keysScanned,
    versionsScanned: report.versionsScanned,
    scheduled: report.scheduled.length,
    errors: report.errors.length,
    notReached: report.notReached.length,
    complete: report.complete,
    ...(stats ? { requests: stats.requests, retries: stats.retries } : {}),
  });
}
