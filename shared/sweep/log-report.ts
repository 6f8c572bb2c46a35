import type { ApiStats } from '../http/cloud-api.ts';
import type { Logger } from '../log.ts';
import { describeRef, type ResourceRef, type SweepReport, unapproved } from './report.ts';

const HOUR_MS = 3_600_000;

const WHAT_FAILED: Record<string, string> = {
  keyId: 'could not read key versions',
  folderId: 'could not list the keys of a folder',
  cloudId: 'could not list the folders of a cloud',
  organizationId: 'could not list the clouds of an organization',
};

/**
 * One WARN line per version scheduled for destruction (who scheduled it, when known) and per key without
 * deletion protection (INFO when approved), one ERROR line per resource that could not be read, one for
 * what the deadline cut off, one summary.
 */
export function logSweepReport(log: Logger, report: SweepReport, stats?: ApiStats, now = Date.now()): void {
  for (const entry of report.scheduled) {
    const hoursLeft = Math.round(((Date.parse(entry.destroyAt) - now) / HOUR_MS) * 10) / 10;
    log.warn('key version scheduled for destruction', {
      keyId: entry.keyId,
      versionId: entry.versionId,
      destroyAt: entry.destroyAt,
      hoursLeft,
      ...(entry.folderId ? { folderId: entry.folderId } : {}),
      ...(entry.scheduledBy?.subjectId ? { scheduledBy: entry.scheduledBy.subjectId } : {}),
    });
  }
  for (const key of report.unprotectedKeys) {
    const fields = { keyId: key.keyId, ...(key.keyName ? { keyName: key.keyName } : {}), folderId: key.folderId };
    if (key.approval) log.info('key without deletion protection: approved', { ...fields, rule: key.approval.rule });
    else log.warn('key without deletion protection: deleting it would destroy every version in 72 hours', fields);
  }
  for (const error of report.errors) log.error(WHAT_FAILED[Object.keys(error)[0]!] ?? 'could not read', { ...error });
  for (const warning of report.warnings) log.warn('a key was read only in part', { ...warning });
  if (report.notReached.length > 0) {
    log.error('not reached before the deadline', {
      count: report.notReached.length,
      keyIds: idsOf(report.notReached, 'keyId'),
      folderIds: idsOf(report.notReached, 'folderId'),
      cloudIds: idsOf(report.notReached, 'cloudId'),
      organizations: idsOf(report.notReached, 'organizationId'),
      first: describeRef(report.notReached[0]!),
    });
  }
  log.info('sweep finished', {
    cloudsScanned: report.cloudsScanned,
    foldersScanned: report.foldersScanned,
    foldersSkipped: report.foldersSkipped,
    keysScanned: report.keysScanned,
    versionsScanned: report.versionsScanned,
    scheduled: report.scheduled.length,
    unprotectedKeys: unapproved(report).length,
    errors: report.errors.length,
    notReached: report.notReached.length,
    complete: report.complete,
    ...(stats ? { requests: stats.requests, retries: stats.retries } : {}),
  });
}

function idsOf(refs: ResourceRef[], kind: string): string[] {
  return refs.flatMap((ref) => (kind in ref ? [(ref as Record<string, string>)[kind]!] : []));
}
