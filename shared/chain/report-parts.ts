import type { SweepReport } from '../sweep/report.ts';

/** The receiving cancel function takes at most this many entries in one call. */
export const MAX_PART_ENTRIES = 1000;
/** Well under a queue message's 256 KB, so a part can travel through Message Queue as it is. */
export const MAX_PART_BYTES = 200 * 1000;

export type ReportPart = Pick<SweepReport, 'generatedAt' | 'scope' | 'complete' | 'scheduled'> & { part: { number: number; of: number } };

/**
 * A report's scheduled versions in parts the receiver accepts: at most MAX_PART_ENTRIES entries and
 * MAX_PART_BYTES of JSON each, every entry in exactly one part, in the report's order. A report with
 * nothing scheduled is one empty part, so the chain still shows it ran.
 */
export function splitReport(report: SweepReport): ReportPart[] {
  const envelope = { generatedAt: report.generatedAt, scope: report.scope, complete: report.complete };
  const room = MAX_PART_BYTES - JSON.stringify({ ...envelope, part: { number: 99_999, of: 99_999 }, scheduled: [] }).length;
  const groups: Array<SweepReport['scheduled']> = [[]];
  let bytes = 0;
  for (const entry of report.scheduled) {
    const size = JSON.stringify(entry).length + 1;
    const current = groups[groups.length - 1]!;
    if (current.length > 0 && (current.length >= MAX_PART_ENTRIES || bytes + size > room)) {
      groups.push([entry]);
      bytes = size;
    } else {
      current.push(entry);
      bytes += size;
    }
  }
  return groups.map((scheduled, index) => ({ ...envelope, part: { number: index + 1, of: groups.length }, scheduled }));
}
