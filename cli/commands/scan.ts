// `kms-version-guard scan`: one sweep of the scope, its findings printed; the exit code says whether
// anything was found (3), nothing was (0), or the scan could not read everything (1).
import { type SweepReport, unapproved } from '../../shared/sweep/report.ts';
import type { Format } from '../args.ts';
import { EXIT } from '../exit-codes.ts';
import { csv } from '../formats/csv.ts';
import { json } from '../formats/json.ts';
import { section } from '../formats/table.ts';
import {
  incompleteLine,
  problemRows,
  problemSections,
  reportDocument,
  scannedLine,
  scheduledCells,
  scheduledRow,
  unprotectedRows,
  unprotectedSection,
} from '../report-view.ts';
import type { CommandContext } from './context.ts';

export async function scan(context: CommandContext): Promise<number> {
  const { report } = await context.sweep();
  context.output.result(renderScan(report, context.format, Date.now()));
  return scanExitCode(report);
}

export function scanExitCode(report: SweepReport): number {
  if (!report.complete) return EXIT.error;
  return report.scheduled.length + unapproved(report).length > 0 ? EXIT.found : EXIT.ok;
}

export function renderScan(report: SweepReport, format: Format, now: number): string {
  if (format === 'json') return json(reportDocument(report, now));
  if (format === 'csv')
    return csv([...report.scheduled.map((entry) => scheduledRow(entry, now)), ...unprotectedRows(report), ...problemRows(report)]);
  const unprotected = report.unprotectedKeys;
  const parts: string[] = [];
  parts.push(
    report.scheduled.length > 0
      ? section(
          `Versions scheduled for destruction: ${report.scheduled.length}`,
          ['key', 'version', 'destroy at', 'hours left', 'folder', 'scheduled by'],
          report.scheduled.map((entry) => scheduledCells(entry, now)),
        )
      : 'No version scheduled for destruction.',
  );
  const unprotectedPart = unprotectedSection(unprotected);
  if (unprotectedPart) parts.push(unprotectedPart);
  parts.push(...problemSections(report));
  const closing = [scannedLine(report)];
  closing.push(incompleteLine(report) ?? foundLine(report.scheduled.length, unapproved(report).length));
  parts.push(closing.join('\n'));
  return `${parts.join('\n\n')}\n`;
}

function foundLine(scheduled: number, unprotected: number): string {
  if (scheduled + unprotected === 0) return 'Nothing found.';
  const keys = unprotected > 0 ? ` and ${unprotected} key(s) without deletion protection (not approved)` : '';
  return `Found ${scheduled} version(s) scheduled for destruction${keys}.`;
}
