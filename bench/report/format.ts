// Number formatting for the printed table and the budget lines.
import type { Summary } from '../run/stats.ts';
import { KB } from './results.ts';

export const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

export const kb = (bytes: number): string => `${fixed(bytes / KB, 1)} KB`;

export const ms = (value: number, digits = 1): string => `${fixed(value, digits)} ms`;

export const times = (value: number): string => `${fixed(value, value < 0.1 ? 3 : 2)}x`;

/** A ratio judged against a limit it may sit next to (0.95x, 1.0x): three decimals, so 0.999x never reads as 1.00x. */
export const closeTimes = (value: number): string => `${fixed(value, 3)}x`;

/** "14.2 (13.8-15.1)": the median and the spread given, min-max unless p10-p90 is asked for. */
export function spread(summary: Summary | undefined, digits = 1, percentiles = false): string {
  if (!summary) return '-';
  const low = percentiles ? summary.p10 : summary.min;
  const high = percentiles ? summary.p90 : summary.max;
  return `${fixed(summary.median, digits)} (${fixed(low, digits)}-${fixed(high, digits)})`;
}
