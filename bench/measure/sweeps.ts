// Report sweeps, each in a fresh process: throughput under latency (ours and the SDK's), and memory.
import type { SeedKey } from '../../local/emulator/index.ts';
import type { SweepJob, SweepResult } from '../probes/sweep.ts';
import { mbFromKib } from '../report/results.ts';
import { runChild } from '../run/child.ts';
import { sweepEvent } from '../run/events.ts';
import type { Lab } from '../run/lab.ts';
import { type Summary, summarize } from '../run/stats.ts';
import { BENCH_TOKEN, INVOCATION_TIME_MS, SWEEP_KEYS_AT_CONCURRENCY_1 } from '../settings.ts';

/** Versions a page of ours holds: shared/kms/client.ts lists with pageSize 1000. */
const VERSIONS_PER_PAGE = 1000;

export interface SweepRun {
  sweepMs: number;
  peakRssMb: number;
}

/**
 * The keys a throughput sweep at `concurrency` covers (fewer at 1, where a sweep is slow). None may have a
 * version scheduled: that would add the attribution's requests to our sweep only, not the same GETs.
 * They are named keys (KMS_KEY_IDS): every side reads each key (Get, its deletion protection) and its versions.
 */
export function throughputKeysAt(lab: Lab, concurrency: number): SeedKey[] {
  const keys = concurrency === 1 ? lab.seed.throughputKeys.slice(0, SWEEP_KEYS_AT_CONCURRENCY_1) : lab.seed.throughputKeys;
  if (keys.some((key) => key.versions.some((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION')))
    throw new Error('throughput sweeps need keys with nothing scheduled: one Get and one ListVersions per key on every side');
  return keys;
}

/** KMS_KEY_IDS for a sweep of these keys. */
export function keyIdsOf(keys: SeedKey[]): string {
  return keys.map((key) => key.id).join(',');
}

/**
 * One sweep over `keys` by a bundle (ours, or the SDK's report sweep) whose environment `env` names them;
 * checks it read every version, so a fast but failing sweep never counts.
 */
export async function sweepOnce(lab: Lab, bundle: string, keys: SeedKey[], env: NodeJS.ProcessEnv): Promise<SweepRun> {
  const job: SweepJob = { bundle, event: sweepEvent(), token: BENCH_TOKEN, remainingMs: INVOCATION_TIME_MS };
  const { result } = await runChild<SweepResult>({ args: lab.nodeArgs(lab.probes.sweep, JSON.stringify(job)), env });
  const expected = keys.reduce((sum, key) => sum + key.versions.length, 0);
  if (!result.complete || result.versionsScanned !== expected) {
    throw new Error(`sweep of ${keys.length} keys read ${result.versionsScanned} of ${expected} versions (complete: ${result.complete})`);
  }
  return { sweepMs: result.sweepMs, peakRssMb: mbFromKib(result.maxRssKb) };
}

/** Requests a sweep of these named keys makes: one Get of each key, and one ListVersions per page of each. */
export function requestsFor(keys: SeedKey[]): number {
  return keys.reduce((sum, key) => sum + 1 + Math.max(1, Math.ceil(key.versions.length / VERSIONS_PER_PAGE)), 0);
}

export function summarizeRuns(runs: SweepRun[]): { sweepMs: Summary; peakRssMb: Summary } {
  return { sweepMs: summarize(runs.map((r) => r.sweepMs)), peakRssMb: summarize(runs.map((r) => r.peakRssMb)) };
}
