// Fires every function's timer trigger on a fixed interval, like a cron trigger per function.

import { describeOutcome } from './outcome-log.ts';
import type { Outcome } from './run-handler.ts';

interface TimerLoopOptions {
  intervalMs: number;
  names: readonly string[];
  fire: (name: string) => Promise<Outcome>;
  log: (line: string) => void;
}

/** Returns the function that stops the loop. A failing function is logged; the loop goes on. */
export function startTimerLoop(options: TimerLoopOptions): () => void {
  const tick = (): void => {
    for (const name of options.names) {
      const startedAt = Date.now();
      options
        .fire(name)
        .then((outcome) => options.log(`[host] timer -> ${name} ${describeOutcome(outcome)} ${Date.now() - startedAt}ms`))
        .catch((error: unknown) =>
          options.log(`[host] timer -> ${name} could not fire: ${error instanceof Error ? error.message : String(error)}`),
        );
    }
  };
  const interval = setInterval(tick, options.intervalMs);
  return () => clearInterval(interval);
}
