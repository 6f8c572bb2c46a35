// Every Monitoring write the emulator accepted, so tests and tools can see what a function reported.

export interface MetricsWrite {
  folderId: string;
  service: string;
  /** Emulator clock time the write arrived (RFC3339). */
  receivedAt: string;
  /** The request body as sent (checked). */
  body: unknown;
}

// Bounded so a long-running command line emulator does not grow without end.
const METRICS_WRITE_LIMIT = 10_000;

export class MetricsStore {
  private readonly accepted: MetricsWrite[] = [];

  add(write: MetricsWrite): void {
    this.accepted.push(write);
    if (this.accepted.length > METRICS_WRITE_LIMIT) this.accepted.shift();
  }

  writes(): MetricsWrite[] {
    return [...this.accepted];
  }

  clear(): void {
    this.accepted.length = 0;
  }
}
