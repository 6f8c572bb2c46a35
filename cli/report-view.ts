// The sweep report as both commands show it: each scheduled version with its hours left, the keys
// without deletion protection, and what could not be read or reached, in table, CSV and JSON form.
import type { Approval } from '../shared/guard/approvals.ts';
import { describeRef, type ResourceRef, type ScheduledVersion, type SweepReport, type UnprotectedKey } from '../shared/sweep/report.ts';
import type { CsvRow } from './formats/csv.ts';
import { type Cell, section } from './formats/table.ts';

function approvalText(approval: Approval): string {
  return `${approval.rule} ${'label' in approval ? approval.label : approval.subjectId}`;
}

export interface ScheduledView extends ScheduledVersion {
  /** Hours from now until destroyAt, to a tenth; negative when it is past. */
  hoursLeft: number | null;
}

export function hoursLeft(destroyAt: string, now: number): number | null {
  const at = Date.parse(destroyAt);
  return Number.isNaN(at) ? null : Math.round((at - now) / 360_000) / 10;
}

export function scheduledView(entry: ScheduledVersion, now: number): ScheduledView {
  return { ...entry, hoursLeft: hoursLeft(entry.destroyAt, now) };
}

/** The report as the json format writes it: the sweep's report, hours left added, unprotected keys always present. */
export function reportDocument(report: SweepReport, now: number) {
  return { ...report, scheduled: report.scheduled.map((entry) => scheduledView(entry, now)) };
}

export function scheduledBy(entry: ScheduledVersion): string | undefined {
  return entry.scheduledBy?.subjectName ?? entry.scheduledBy?.subjectId;
}

// --- table sections ---

export function unprotectedSection(keys: readonly UnprotectedKey[]): string | undefined {
  if (keys.length === 0) return undefined;
  const approved = keys.filter((key) => key.approval).length;
  return section(
    `Keys without deletion protection: ${keys.length}${approved > 0 ? ` (${approved} approved)` : ''}`,
    ['key', 'name', 'folder', 'cloud', 'approved by'],
    keys.map((key) => [key.keyId, key.keyName, key.folderId, key.cloudId, key.approval ? approvalText(key.approval) : undefined]),
  );
}

/** What could not be read, who scheduled what could not be told, and what the deadline cut off. */
export function problemSections(report: SweepReport): string[] {
  const sections: string[] = [];
  if (report.errors.length > 0) {
    sections.push(
      section(
        `Could not read: ${report.errors.length}`,
        ['resource', 'code', 'message'],
        report.errors.map((error) => [describeRef(error), error.code, error.message]),
      ),
    );
  }
  if (report.notReached.length > 0) {
    const refs = report.notReached.map((ref) => `  ${describeRef(ref)}`).join('\n');
    sections.push(`Not reached before the deadline (--timeout): ${report.notReached.length}\n${refs}`);
  }
  if (report.warnings.length > 0) {
    sections.push(
      section(
        `Warnings: ${report.warnings.length}`,
        ['resource', 'code', 'message'],
        report.warnings.map((warning) => [describeRef(warning), warning.code, warning.message]),
      ),
    );
  }
  return sections;
}

export function scannedLine(report: SweepReport): string {
  const skipped = report.foldersSkipped > 0 ? ` (${report.foldersSkipped} not ACTIVE, skipped)` : '';
  return (
    `Scanned ${report.cloudsScanned} cloud(s), ${report.foldersScanned} folder(s)${skipped}, ` +
    `${report.keysScanned} key(s), ${report.versionsScanned} version(s).`
  );
}

export function incompleteLine(report: SweepReport): string | undefined {
  if (report.complete) return undefined;
  return `The scan is INCOMPLETE: ${report.errors.length} resource(s) could not be read, ${report.notReached.length} not reached; what was not read may hold more.`;
}

export function scheduledCells(entry: ScheduledVersion, now: number): Cell[] {
  return [entry.keyId, entry.versionId, entry.destroyAt, hoursLeft(entry.destroyAt, now) ?? undefined, entry.folderId, scheduledBy(entry)];
}

// --- CSV rows ---

function refColumns(ref: ResourceRef): Partial<CsvRow> {
  return { ...ref };
}

export function scheduledRow(entry: ScheduledVersion, now: number): CsvRow {
  return {
    kind: 'scheduled',
    keyId: entry.keyId,
    versionId: entry.versionId,
    destroyAt: entry.destroyAt,
    hoursLeft: hoursLeft(entry.destroyAt, now) ?? undefined,
    folderId: entry.folderId,
    cloudId: entry.cloudId,
    scheduledBy: scheduledBy(entry),
  };
}

export function unprotectedRows(report: SweepReport): CsvRow[] {
  return report.unprotectedKeys.map((key) => ({
    kind: 'unprotected',
    keyId: key.keyId,
    keyName: key.keyName,
    folderId: key.folderId,
    cloudId: key.cloudId,
    ...(key.approval ? { outcome: 'approved', message: approvalText(key.approval) } : {}),
  }));
}

export function problemRows(report: SweepReport): CsvRow[] {
  return [
    ...report.errors.map(({ code, message, ...ref }) => ({ kind: 'error' as const, ...refColumns(ref as ResourceRef), code, message })),
    ...report.warnings.map(({ code, message, ...ref }) => ({ kind: 'warning' as const, ...refColumns(ref as ResourceRef), code, message })),
    ...report.notReached.map((ref) => ({ kind: 'not-reached' as const, ...refColumns(ref), message: 'not reached before the deadline' })),
  ];
}
