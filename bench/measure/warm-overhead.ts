// Warm invocation overhead: the handler, already loaded, against a bare fetch of the URL it calls.
import type { WarmJob, WarmResult } from '../probes/warm-overhead.ts';
import { runChild } from '../run/child.ts';
import { listVersionsEvent } from '../run/events.ts';
import type { Lab } from '../run/lab.ts';
import { ratio, type Summary, summarize } from '../run/stats.ts';
import { BENCH_TOKEN, INVOCATION_TIME_MS, WARM_CALLS, WARM_PROCESSES, WARM_UP_CALLS } from '../settings.ts';

export interface WarmFigures {
  processes: number;
  calls: number;
  warmUpCalls: number;
  /** Every measured call of every process, pooled. */
  handlerMs: Summary;
  fetchMs: Summary;
  /** Median handler call / median bare fetch, over the pooled calls. */
  ratio: number;
  /** The same ratio within each process, to show how much it moves between processes. */
  ratioPerProcess: number[];
}

/** Plain HTTP to the emulator: TLS would add the same cost to both sides and hide the handler's share. */
export async function measureWarmOverhead(lab: Lab, bundle: string): Promise<WarmFigures> {
  const keyId = lab.seed.sweepKeys[0]!.id;
  const job: WarmJob = {
    bundle,
    event: listVersionsEvent(keyId),
    url: `${lab.emulator.url}/kms/v1/keys/${keyId}/versions`,
    token: BENCH_TOKEN,
    remainingMs: INVOCATION_TIME_MS,
    warmUpCalls: WARM_UP_CALLS,
    calls: WARM_CALLS,
  };
  const handlerAll: number[] = [];
  const fetchAll: number[] = [];
  const ratioPerProcess: number[] = [];
  for (let child = 0; child < WARM_PROCESSES; child++) {
    const { result } = await runChild<WarmResult>({
      args: lab.nodeArgs(lab.probes['warm-overhead'], JSON.stringify(job)),
      env: lab.handlerEnv(lab.emulator.url),
    });
    handlerAll.push(...result.handlerMs);
    fetchAll.push(...result.fetchMs);
    ratioPerProcess.push(ratio(summarize(result.handlerMs).median, summarize(result.fetchMs).median));
  }
  const handlerMs = summarize(handlerAll);
  const fetchMs = summarize(fetchAll);
  return {
    processes: WARM_PROCESSES,
    calls: WARM_CALLS,
    warmUpCalls: WARM_UP_CALLS,
    handlerMs,
    fetchMs,
    ratio: ratio(handlerMs.median, fetchMs.median),
    ratioPerProcess,
  };
}
