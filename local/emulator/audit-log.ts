// The log group of audit records: kept in order, handed to subscribers as each is made.
import type { AuditLogEntry } from './audit-types.ts';

// Bounded so a long-running command line emulator does not grow without end.
const AUDIT_LOG_LIMIT = 10_000;

export class AuditLog {
  private readonly records: AuditLogEntry[] = [];
  private readonly listeners = new Set<(entry: AuditLogEntry) => void>();

  record(entry: AuditLogEntry): void {
    this.records.push(entry);
    if (this.records.length > AUDIT_LOG_LIMIT) this.records.shift();
    for (const listener of [...this.listeners]) {
      try {
        listener(entry);
      } catch (error) {
        // A failing listener is the listener's problem: the request that made the record still succeeds.
        console.error('kms emulator: an audit listener threw', error);
      }
    }
  }

  entries(): AuditLogEntry[] {
    return [...this.records];
  }

  subscribe(listener: (entry: AuditLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.records.length = 0;
  }
}
