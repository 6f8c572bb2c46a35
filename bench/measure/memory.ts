// Sweep memory: peak RSS of a quota-sized sweep (100 keys x 100 versions) against a small one.
import type { SeedKey } from '../../local/emulator/index.ts';
import type { Lab } from '../run/lab.ts';
import type { Summary } from '../run/stats.ts';
import { MEMORY_QUOTA, MEMORY_RUNS, MEMORY_SMALL } from '../settings.ts';
import { keyIdsOf, type SweepRun, summarizeRuns, sweepOnce } from './sweeps.ts';

export interface MemoryFigures {
  small: { keys: number; versionsPerKey: number; peakRssMb: Summary };
  quota: { keys: number; versionsPerKey: number; peakRssMb: Summary };
  /** Median quota peak minus median small peak. */
  growthMb: number;
}

/** No injected latency and the default SWEEP_CONCURRENCY: the sweep as deployed. */
export async function measureMemory(lab: Lab, bundle: string): Promise<MemoryFigures> {
  const small: SweepRun[] = [];
  const quota: SweepRun[] = [];
  const sweep = (keys: SeedKey[]) => sweepOnce(lab, bundle, keys, lab.handlerEnv(lab.emulator.url, { KMS_KEY_IDS: keyIdsOf(keys) }));
  for (let run = 0; run < MEMORY_RUNS; run++) {
    small.push(await sweep(lab.seed.memorySmallKeys));
    quota.push(await sweep(lab.seed.memoryQuotaKeys));
  }
  const smallRss = summarizeRuns(small).peakRssMb;
  const quotaRss = summarizeRuns(quota).peakRssMb;
  return {
    small: { ...MEMORY_SMALL, peakRssMb: smallRss },
    quota: { ...MEMORY_QUOTA, peakRssMb: quotaRss },
    growthMb: quotaRss.median - smallRss.median,
  };
}
