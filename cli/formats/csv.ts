// CSV for spreadsheets and scripts, written by csv-stringify (node-csv: maintained, no dependencies):
// its quoting of commas, quotes and line breaks is right where a hand-written join is not, and it
// defuses cells that a spreadsheet would run as formulas.
import { stringify } from 'csv-stringify/sync';

/** One schema for both commands: a row per finding, its `kind` saying what it is. */
export const CSV_COLUMNS = [
  'kind',
  'keyId',
  'versionId',
  'outcome',
  'destroyAt',
  'hoursLeft',
  'keyName',
  'folderId',
  'cloudId',
  'organizationId',
  'scheduledBy',
  'code',
  'message',
] as const;

export type CsvKind = 'scheduled' | 'unprotected' | 'error' | 'warning' | 'not-reached';
export type CsvRow = { kind: CsvKind } & Partial<Record<Exclude<(typeof CSV_COLUMNS)[number], 'kind'>, string | number>>;

export function csv(rows: readonly CsvRow[]): string {
  return stringify([...rows], { header: true, columns: [...CSV_COLUMNS], escape_formulas: true });
}
