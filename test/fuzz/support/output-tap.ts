// Everything the functions write while a call runs: they log to stdout as Cloud Logging reads it (A8), one
// JSON record per line. The tap keeps those lines out of the test report and says what is wrong with them.
import { TEST_TOKEN } from '../../support/kms.ts';

const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
/** Token information the fuzzed audit events carry: never read, so never written (the IAM token neither). */
export const TOKEN_INFO_MARKERS = ['fuzz***masked-marker', 'fuzz-token-id-marker'] as const;
/** A longer line is split by the platform into records that are no longer structured (A8). */
export const MAX_LOG_LINE_BYTES = 64 * 1024;

export interface TapReport {
  lines: number;
  problems: string[];
  /** Lines over 64 KiB: kept apart, one property of its own checks them. */
  oversized: number[];
}

export interface OutputTap {
  /** Starts collecting for one call; returns what went wrong in its output so far. */
  begin(): void;
  end(): TapReport;
  close(): void;
}

export function tapOutput(): OutputTap {
  let problems: string[] = [];
  let oversized: number[] = [];
  let lines = 0;
  let collecting = false;
  const originals = { out: process.stdout.write, err: process.stderr.write };
  const tap = (original: typeof process.stdout.write, stream: NodeJS.WriteStream) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      // The test runner reports in binary chunks; the code under test writes text.
      if (!collecting || typeof chunk !== 'string') return (original as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
      lines++;
      const problem = lineProblem(chunk);
      if (problem) problems.push(problem);
      const bytes = Buffer.byteLength(chunk);
      if (bytes > MAX_LOG_LINE_BYTES) oversized.push(bytes);
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = tap(originals.out, process.stdout);
  process.stderr.write = tap(originals.err, process.stderr);
  return {
    begin() {
      problems = [];
      oversized = [];
      lines = 0;
      collecting = true;
    },
    end() {
      collecting = false;
      return { lines, problems, oversized };
    },
    close() {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}

function lineProblem(chunk: string): string | undefined {
  const quoted = JSON.stringify(chunk.length > 300 ? `${chunk.slice(0, 300)}…` : chunk);
  if (!chunk.endsWith('\n') || chunk.indexOf('\n') !== chunk.length - 1 || chunk.includes('\r'))
    return `output that is not one line: ${quoted}`;
  if (chunk.includes(TEST_TOKEN)) return `the IAM token in a log line: ${quoted}`;
  const marker = TOKEN_INFO_MARKERS.find((value) => chunk.includes(value));
  if (marker) return `an audit event's token information (${marker}) in a log line: ${quoted}`;
  let record: unknown;
  try {
    record = JSON.parse(chunk);
  } catch {
    return `output that is not a JSON record: ${quoted}`;
  }
  const { level, msg } = (record ?? {}) as { level?: unknown; msg?: unknown };
  if (typeof msg !== 'string' || !LEVELS.includes(level as string)) return `a record without level and msg: ${quoted}`;
  // The handler's own net for exceptions that are not ours: each one is a bug.
  if (msg === 'unexpected failure') return `an unexpected failure (a bug) was logged: ${quoted}`;
  return undefined;
}
