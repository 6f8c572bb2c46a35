// Timestamps and Durations in their proto3 JSON form.

/** RFC3339 in UTC, as proto3 JSON writes a Timestamp: no fraction when it is zero, else milliseconds. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

// RFC3339 with a mandatory zone; fractions up to nanoseconds (Date keeps milliseconds).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch, or undefined when the text is not an RFC3339 timestamp. */
export function parseTimestamp(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text.toUpperCase());
  return Number.isFinite(ms) ? ms : undefined;
}

/** The same for a field that may be absent. */
export function parseOptionalTimestamp(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseTimestamp(text);
}

// proto3 JSON Duration: seconds with up to 9 fraction digits and an "s" suffix, e.g. "604800s", "1.5s".
const DURATION = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

/** Milliseconds, or undefined when the text is not a proto3 JSON Duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [, minus, seconds = '0', fraction = ''] = match;
  const ms = Number(seconds) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
  return minus ? -ms : ms;
}

/** The latest instant a Timestamp may hold (9999-12-31T23:59:59Z). */
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59);
