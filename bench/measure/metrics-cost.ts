// What writing the figures to Monitoring (MONITORING_FOLDER_ID) adds to a report sweep: requests, counted
// by the emulator, and CPU time of the sweep's process, with and without the variable.
import { generateSeed, type SeedKey, startEmulator } from '../../local/emulator/index.ts';
import type { MetricsCostJob, MetricsCostResult, MetricsSweep } from '../probes/metrics-cost.ts';
import { runChild } from '../run/child.ts';
import { sweepEvent } from '../run/events.ts';
import type { Lab } from '../run/lab.ts';
import { type Summary, summarize } from '../run/stats.ts';
import {
  BENCH_TOKEN,
  INVOCATION_TIME_MS,
  METRICS_KEYS,
  METRICS_PAIRS,
  METRICS_PROCESSES,
  METRICS_VERSIONS_PER_KEY,
  METRICS_WARM_UPS,
} from '../settings.ts';
import { keyIdsOf } from './sweeps.ts';

/** The folder the figures are written to: any valid ID does for the emulator. */
const MONITORING_FOLDER_ID = 'b1gbenchmetrics00001';

interface MetricsSide {
  cpuMs: Summary;
  ms: Summary;
  requests: Summary;
  /** The most requests one sweep of this kind made. */
  maxRequests: number;
  /** Monitoring writes the emulator received, per sweep: the fewest and the most. */
  writes: { min: number; max: number };
}

export interface MetricsCostFigures {
  keys: number;
  versions: number;
  processes: number;
  warmUps: number;
  pairs: number;
  /** Warm sweeps, taking turns in each process. */
  withWrite: MetricsSide;
  withoutWrite: MetricsSide;
  /** Median CPU with the write minus without. */
  extraCpuMs: number;
  /** The most requests any sweep with the write made, over the fewest any without made. */
  extraRequests: number;
  /** Each process's first (cold) sweep, half of them with the write. */
  cold: { withWrite: MetricsSide; withoutWrite: MetricsSide; extraCpuMs: number };
}

function side(sweeps: MetricsSweep[]): MetricsSide {
  return {
    cpuMs: summarize(sweeps.map((s) => s.cpuMs)),
    ms: summarize(sweeps.map((s) => s.ms)),
    requests: summarize(sweeps.map((s) => s.requests)),
    maxRequests: Math.max(...sweeps.map((s) => s.requests)),
    writes: { min: Math.min(...sweeps.map((s) => s.monitoringWrites)), max: Math.max(...sweeps.map((s) => s.monitoringWrites)) },
  };
}

export async function measureMetricsCost(lab: Lab, bundle: string): Promise<MetricsCostFigures> {
  // One scheduled version per key, so the sweep also reads who scheduled it and has every figure to write.
  const seed = generateSeed({ keys: METRICS_KEYS, versionsPerKey: METRICS_VERSIONS_PER_KEY, scheduled: METRICS_KEYS, idPrefix: 'metrics' });
  // Its own emulator, with a request log to count with; no injected latency: CPU time is what is measured.
  const emulator = await startEmulator({ seed, tokens: [BENCH_TOKEN] });
  try {
    const warm: MetricsSweep[] = [];
    const cold: MetricsSweep[] = [];
    for (let run = 0; run < METRICS_PROCESSES; run++) {
      const job: MetricsCostJob = {
        bundle,
        emulatorUrl: emulator.url,
        event: sweepEvent(),
        token: BENCH_TOKEN,
        remainingMs: INVOCATION_TIME_MS,
        monitoringFolderId: MONITORING_FOLDER_ID,
        firstWrites: run % 2 === 0,
        warmUps: METRICS_WARM_UPS,
        pairs: METRICS_PAIRS,
        versions: METRICS_KEYS * METRICS_VERSIONS_PER_KEY,
      };
      const { result } = await runChild<MetricsCostResult>({
        args: lab.nodeArgs(lab.probes['metrics-cost'], JSON.stringify(job)),
        env: lab.handlerEnv(emulator.url, { KMS_KEY_IDS: keyIdsOf(seed.keys as SeedKey[]), MONITORING_ENDPOINT: emulator.url }),
      });
      cold.push(result.cold);
      warm.push(...result.warm);
    }
    const withWrite = side(warm.filter((s) => s.writes));
    const withoutWrite = side(warm.filter((s) => !s.writes));
    const coldWith = side(cold.filter((s) => s.writes));
    const coldWithout = side(cold.filter((s) => !s.writes));
    return {
      keys: METRICS_KEYS,
      versions: METRICS_KEYS * METRICS_VERSIONS_PER_KEY,
      processes: METRICS_PROCESSES,
      warmUps: METRICS_WARM_UPS,
      pairs: METRICS_PAIRS,
      withWrite,
      withoutWrite,
      extraCpuMs: withWrite.cpuMs.median - withoutWrite.cpuMs.median,
      extraRequests: Math.max(withWrite.maxRequests, coldWith.maxRequests) - Math.min(withoutWrite.requests.min, coldWithout.requests.min),
      cold: { withWrite: coldWith, withoutWrite: coldWithout, extraCpuMs: coldWith.cpuMs.median - coldWithout.cpuMs.median },
    };
  } finally {
    await emulator.close();
  }
}
