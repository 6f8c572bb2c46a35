// A Cloud Logging trigger: collects a source's entries into batches and invokes the function with each,
// delivering a failed batch again a few times before dropping it, as the platform's trigger does.
import { integerRule, integerWithin } from '../../shared/validation/integer.ts';
import { describeOutcome } from './outcome-log.ts';
import type { Outcome } from './run-handler.ts';
import { loggingBatchEvent } from './trigger-events.ts';
import type { LogEntry, LoggingBatchEvent, LoggingTriggerOptions } from './types.ts';

const LOGGING_DEFAULTS = { batchSize: 10, cutoffMs: 1000, retryAttempts: 3, retryIntervalMs: 1000 } as const;

interface LoggingTriggerDeps {
  invoke: (event: LoggingBatchEvent) => Promise<Outcome>;
  log: (line: string) => void;
}

function integerIn(name: string, value: number, min: number, max: number): number {
  const checked = integerWithin(value, min, max);
  if (checked === undefined) throw new RangeError(`logging trigger: ${name} ${integerRule(min, max)}, got ${value}`);
  return checked;
}

export type LoggingSettings = ReturnType<typeof loggingSettings>;

/** The trigger's settings with defaults filled in; a bad one throws before anything starts. */
export function loggingSettings(trigger: LoggingTriggerOptions) {
  return {
    batchSize: integerIn('batchSize', trigger.batchSize ?? LOGGING_DEFAULTS.batchSize, 1, 1000),
    cutoffMs: integerIn('cutoffMs', trigger.cutoffMs ?? LOGGING_DEFAULTS.cutoffMs, 0, 60_000),
    retryAttempts: integerIn('retryAttempts', trigger.retryAttempts ?? LOGGING_DEFAULTS.retryAttempts, 0, 10),
    retryIntervalMs: integerIn('retryIntervalMs', trigger.retryIntervalMs ?? LOGGING_DEFAULTS.retryIntervalMs, 0, 60_000),
  };
}

/** Subscribes to the source; returns the function that stops the trigger and drops what it still holds. */
export function startLoggingTrigger(trigger: LoggingTriggerOptions, settings: LoggingSettings, deps: LoggingTriggerDeps): () => void {
  const name = trigger.functionName;
  let batch: LogEntry[] = [];
  let cutoff: NodeJS.Timeout | undefined;
  const retries = new Set<NodeJS.Timeout>();
  let stopped = false;

  const deliver = (event: LoggingBatchEvent, entries: number, attempt: number): void => {
    const startedAt = Date.now();
    const of = `${entries} ${entries === 1 ? 'entry' : 'entries'}, attempt ${attempt} of ${settings.retryAttempts + 1}`;
    deps.invoke(event).then(
      (outcome) => {
        const line = `[host] logging -> ${name} ${describeOutcome(outcome)} ${Date.now() - startedAt}ms (${of})`;
        if (outcome.kind === 'returned') return deps.log(line);
        if (stopped) return deps.log(`${line}; the host is closed, not retried`);
        if (attempt > settings.retryAttempts) {
          deps.log(line);
          return deps.log(
            `[host] logging -> ${name} dropped a batch of ${entries} ${entries === 1 ? 'entry' : 'entries'} after ${attempt} attempts`,
          );
        }
        deps.log(`${line}; again in ${settings.retryIntervalMs}ms`);
        const retry = setTimeout(() => {
          retries.delete(retry);
          deliver(event, entries, attempt + 1);
        }, settings.retryIntervalMs);
        retries.add(retry);
      },
      // Only an event with no JSON form gets here; no retry would give it one.
      (error: unknown) =>
        deps.log(`[host] logging -> ${name} could not deliver: ${error instanceof Error ? error.message : String(error)}`),
    );
  };

  const flush = (): void => {
    clearTimeout(cutoff);
    cutoff = undefined;
    const entries = batch;
    batch = [];
    // The same event (same event_id) on every delivery of this batch, as a redelivery is.
    if (entries.length > 0) deliver(loggingBatchEvent(entries), entries.length, 1);
  };

  const unsubscribe = trigger.source.subscribe((entry) => {
    if (stopped) return;
    batch.push(entry);
    if (batch.length >= settings.batchSize || settings.cutoffMs === 0) flush();
    else if (batch.length === 1) cutoff = setTimeout(flush, settings.cutoffMs);
  });

  return () => {
    stopped = true;
    unsubscribe();
    clearTimeout(cutoff);
    batch = [];
    for (const retry of retries) clearTimeout(retry);
    retries.clear();
  };
}
