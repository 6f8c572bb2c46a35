// Sweep throughput with every KMS answer delayed: how close the sweep comes to the ideal bound
// requests x latency / concurrency, next to bare GET loops that show what the harness itself allows.
import type { SeedKey } from '../../local/emulator/index.ts';
import type { BareClient, FetchSweepJob, FetchSweepResult } from '../probes/fetch-sweep.ts';
import { runChild } from '../run/child.ts';
import type { Lab } from '../run/lab.ts';
import { type Summary, summarize } from '../run/stats.ts';
import { BENCH_TOKEN, SWEEP_CONCURRENCIES, SWEEP_KEYS_AT_CONCURRENCY_1, SWEEP_LATENCY_MS, SWEEP_RUNS } from '../settings.ts';
import { requestsFor, sweepOnce } from './sweeps.ts';

export interface ThroughputFigures {
  concurrency: number;
  keys: number;
  versions: number;
  requests: number;
  sweepMs: Summary;
  versionsPerSecond: number;
  idealMs: number;
  /** idealMs / median sweepMs: 1 is the bound. */
  ratio: number;
  /** The same GETs by a bare node:http loop at the same concurrency, in a fresh process: the harness bound. */
  bareHttpMs: Summary;
  bareHttpRatio: number;
  /** The same with node-fetch, the client our transport is built on. */
  bareFetchMs: Summary;
  bareFetchRatio: number;
}

export async function measureThroughput(lab: Lab, bundle: string): Promise<ThroughputFigures[]> {
  lab.emulator.faults.add({ route: '*', latencyMs: SWEEP_LATENCY_MS });
  try {
    const figures: ThroughputFigures[] = [];
    for (const concurrency of SWEEP_CONCURRENCIES) {
      const keys = concurrency === 1 ? lab.seed.sweepKeys.slice(0, SWEEP_KEYS_AT_CONCURRENCY_1) : lab.seed.sweepKeys;
      const ours: number[] = [];
      const bareHttp: number[] = [];
      const bareFetch: number[] = [];
      for (let run = 0; run < SWEEP_RUNS; run++) {
        ours.push((await sweepOnce(lab, bundle, keys, { SWEEP_CONCURRENCY: String(concurrency) })).sweepMs);
        bareHttp.push(await bareSweep(lab, 'node:http', keys, concurrency));
        bareFetch.push(await bareSweep(lab, 'node-fetch', keys, concurrency));
      }
      const sweepMs = summarize(ours);
      const bareHttpMs = summarize(bareHttp);
      const bareFetchMs = summarize(bareFetch);
      const versions = keys.reduce((sum, key) => sum + key.versions.length, 0);
      const requests = requestsFor(keys);
      const idealMs = (requests * SWEEP_LATENCY_MS) / concurrency;
      figures.push({
        concurrency,
        keys: keys.length,
        versions,
        requests,
        sweepMs,
        versionsPerSecond: versions / (sweepMs.median / 1000),
        idealMs,
        ratio: idealMs / sweepMs.median,
        bareHttpMs,
        bareHttpRatio: idealMs / bareHttpMs.median,
        bareFetchMs,
        bareFetchRatio: idealMs / bareFetchMs.median,
      });
    }
    return figures;
  } finally {
    lab.emulator.faults.clear();
  }
}

async function bareSweep(lab: Lab, client: BareClient, keys: SeedKey[], concurrency: number): Promise<number> {
  const job: FetchSweepJob = { client, kmsUrl: lab.emulator.url, keyIds: keys.map((key) => key.id), concurrency, token: BENCH_TOKEN };
  const { result } = await runChild<FetchSweepResult>({
    args: lab.nodeArgs(lab.probes['fetch-sweep'], JSON.stringify(job)),
    env: lab.childEnv({}),
  });
  return result.sweepMs;
}
