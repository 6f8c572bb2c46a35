// Sweep throughput with every KMS answer delayed: how close our sweep comes to a bare node-fetch loop doing
// the same GETs (the transport's own ceiling) and to the ideal bound requests x latency / concurrency, next
// to a bare node:http loop; and our sweep over HTTPS against the SDK's over gRPC+TLS.
import type { SeedKey } from '../../local/emulator/index.ts';
import type { BareClient, FetchSweepJob, FetchSweepResult } from '../probes/fetch-sweep.ts';
import { runChild } from '../run/child.ts';
import type { Lab } from '../run/lab.ts';
import { type Summary, summarize } from '../run/stats.ts';
import { BENCH_TOKEN, SWEEP_CONCURRENCIES, SWEEP_LATENCY_MS, SWEEP_RUNS } from '../settings.ts';
import { keyIdsOf, requestsFor, sweepOnce, throughputKeysAt } from './sweeps.ts';

export interface ThroughputFigures {
  concurrency: number;
  keys: number;
  versions: number;
  requests: number;
  /** Our sweep over plain HTTP. */
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
  /** Our throughput over the bare node-fetch loop's (its median / ours): 1 is the transport's ceiling. */
  shareOfBareFetch: number;
  /** Our sweep over HTTPS, to the emulator serving TLS with the same latency. */
  tlsSweepMs: Summary;
  tlsRatio: number;
  /** The SDK's report sweep over gRPC+TLS, to the gRPC server with the same latency and seed. */
  sdkSweepMs: Summary;
  sdkRatio: number;
  /** Our throughput over the SDK's, both over TLS (SDK median / our HTTPS median). */
  oursOverSdk: number;
}

interface ThroughputBundles {
  /** Our list-versions bundle. */
  ours: string;
  /** The SDK's report sweep (bench/sdk-handler/report-sweep.ts). */
  sdk: string;
}

export async function measureThroughput(lab: Lab, bundles: ThroughputBundles): Promise<ThroughputFigures[]> {
  // The same delay on every request at every server the sweeps talk to.
  lab.emulator.faults.add({ route: '*', latencyMs: SWEEP_LATENCY_MS });
  lab.tlsEmulator.faults.add({ route: '*', latencyMs: SWEEP_LATENCY_MS });
  lab.grpc.setLatency(SWEEP_LATENCY_MS);
  try {
    const figures: ThroughputFigures[] = [];
    for (const concurrency of SWEEP_CONCURRENCIES) {
      const keys = throughputKeysAt(lab, concurrency);
      const sweepEnv = { KMS_KEY_IDS: keyIdsOf(keys), SWEEP_CONCURRENCY: String(concurrency) };
      const ours: number[] = [];
      const bareHttp: number[] = [];
      const bareFetch: number[] = [];
      const oursTls: number[] = [];
      const sdk: number[] = [];
      // The five take turns in every run, so that drift touches them alike.
      for (let run = 0; run < SWEEP_RUNS; run++) {
        ours.push((await sweepOnce(lab, bundles.ours, keys, lab.handlerEnv(lab.emulator.url, sweepEnv))).sweepMs);
        bareHttp.push(await bareSweep(lab, 'node:http', keys, concurrency));
        bareFetch.push(await bareSweep(lab, 'node-fetch', keys, concurrency));
        oursTls.push((await sweepOnce(lab, bundles.ours, keys, lab.handlerEnv(lab.tlsEmulator.url, sweepEnv))).sweepMs);
        sdk.push((await sweepOnce(lab, bundles.sdk, keys, lab.childEnv({ KMS_GRPC_ENDPOINT: lab.grpc.endpoint, ...sweepEnv }))).sweepMs);
      }
      const sweepMs = summarize(ours);
      const bareHttpMs = summarize(bareHttp);
      const bareFetchMs = summarize(bareFetch);
      const tlsSweepMs = summarize(oursTls);
      const sdkSweepMs = summarize(sdk);
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
        shareOfBareFetch: bareFetchMs.median / sweepMs.median,
        tlsSweepMs,
        tlsRatio: idealMs / tlsSweepMs.median,
        sdkSweepMs,
        sdkRatio: idealMs / sdkSweepMs.median,
        oursOverSdk: sdkSweepMs.median / tlsSweepMs.median,
      });
    }
    return figures;
  } finally {
    lab.emulator.faults.clear();
    lab.tlsEmulator.faults.clear();
    lab.grpc.setLatency(0);
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
