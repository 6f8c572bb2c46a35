// The log of KMS requests received, oldest first. It never holds headers, so never a token.
import type { RequestLogEntry } from './types.ts';

// Bounded so a long-running command line emulator does not grow without end.
const REQUEST_LOG_LIMIT = 10_000;

export class RequestLog {
  /** The live array: callers see entries appear, and clear() empties it in place. */
  readonly entries: RequestLogEntry[] = [];

  constructor(private readonly enabled: boolean) {}

  /** Starts an entry; the caller fills in status, route and fault as the request proceeds. */
  start(entry: RequestLogEntry): RequestLogEntry {
    if (!this.enabled) return entry;
    this.entries.push(entry);
    if (this.entries.length > REQUEST_LOG_LIMIT) this.entries.shift();
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
