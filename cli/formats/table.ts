// Tables for a person at a terminal, drawn by cli-table3 (widely used, maintained, handles wide
// characters). Colours are off: the text is the same on a terminal, in a pipe and in a CI log.
import Table from 'cli-table3';

export type Cell = string | number | undefined;

export function table(head: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const drawn = new Table({ head: [...head], style: { head: [], border: [], compact: true } });
  for (const row of rows) drawn.push(row.map((cell) => (cell === undefined ? '' : String(cell))));
  return drawn.toString();
}

/** A heading with its count, the table under it: one section of a report. */
export function section(title: string, head: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  return `${title}\n${table(head, rows)}`;
}
