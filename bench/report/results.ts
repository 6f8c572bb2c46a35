// The shape of bench/results.json: every figure of one run, with what it was measured against.
import type { ColdFigures, ColdTarget } from '../measure/cold-starts.ts';
import type { DefenseFigures } from '../measure/deletion-defense.ts';
import type { MemoryFigures } from '../measure/memory.ts';
import type { MetricsCostFigures } from '../measure/metrics-cost.ts';
import type { OrgSweepFigures } from '../measure/org-sweep.ts';
import type { AuditBatchFigures, RealtimeLatencyFigures } from '../measure/realtime.ts';
import type { ThroughputFigures } from '../measure/throughput.ts';
import type { WarmFigures } from '../measure/warm-overhead.ts';

interface BundleFigures {
  bundleBytes: number;
  zipBytes: number;
}

export interface BenchResults {
  generatedAt: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; loadAverage: { before: number; after: number } };
  settings: Record<string, unknown>;
  bundles: Record<Exclude<ColdTarget, 'https-floor' | 'fetch-floor' | 'floor'>, BundleFigures>;
  cold: Record<ColdTarget, ColdFigures>;
  warm: WarmFigures;
  throughput: ThroughputFigures[];
  memory: MemoryFigures;
  realtime: { latency: RealtimeLatencyFigures; batch: AuditBatchFigures };
  organization: OrgSweepFigures;
  metricsCost: MetricsCostFigures;
  deletionDefense: DefenseFigures;
  budgets: BudgetResult[];
}

export interface BudgetResult {
  name: string;
  pass: boolean;
  /** What was measured, in words and numbers. */
  measured: string;
  limit: string;
}

/** Decimal units throughout: 1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes. */
export const KB = 1_000;
export const MB = 1_000_000;

/** process.resourceUsage().maxRSS is in KiB. */
export const mbFromKib = (kib: number): number => (kib * 1024) / MB;
