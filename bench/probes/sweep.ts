// Probe: one timer sweep (the report sweep of list-versions, or the guard sweep of the cancel bundle), in this fresh process.
import { type LiveHeap, type MemoryPeak, sampleLiveHeap, sampleMemory } from './memory-sampler.ts';
import { fail, type Handler, invocationContext, msSince, readJob, report } from './probe-io.ts';

export interface SweepJob {
  bundle: string;
  event: unknown;
  token: string;
  remainingMs: number;
  /** Sample what the memory is made of during the sweep (see memory-sampler.ts). */
  sampleMemory?: boolean;
  /** Measure the live heap instead (node --expose-gc; forced collections slow the sweep: not for timing). */
  liveHeap?: boolean;
}

export interface SweepResult {
  sweepMs: number;
  cloudsScanned: number;
  foldersScanned: number;
  keysScanned: number;
  versionsScanned: number;
  complete: boolean;
  /** Keys the report names without deletion protection, and (a guard sweep) those it protected. */
  unprotectedKeys: number;
  protectedKeys: number;
  memory?: MemoryPeak;
  live?: LiveHeap;
  maxRssKb: number;
}

interface SweepReport {
  cloudsScanned: number;
  foldersScanned: number;
  keysScanned: number;
  versionsScanned: number;
  complete: boolean;
  /** Absent from the SDK comparator's report, which has no deletion posture. */
  unprotectedKeys?: unknown[];
  keySummary?: { protected: number };
}

async function main(): Promise<void> {
  const job = readJob<SweepJob>();
  const { handler } = require(job.bundle) as { handler: Handler };
  const memoryPeak = job.sampleMemory ? sampleMemory() : undefined;
  const liveHeap = job.liveHeap ? sampleLiveHeap() : undefined;
  const start = process.hrtime.bigint();
  const sweep = (await handler(job.event, invocationContext(job.token, job.remainingMs))) as SweepReport;
  const sweepMs = msSince(start);
  const memory = memoryPeak?.();
  const live = liveHeap?.();
  const { cloudsScanned, foldersScanned, keysScanned, versionsScanned, complete } = sweep;
  report({
    sweepMs,
    cloudsScanned,
    foldersScanned,
    keysScanned,
    versionsScanned,
    complete,
    unprotectedKeys: sweep.unprotectedKeys?.length ?? 0,
    protectedKeys: sweep.keySummary?.protected ?? 0,
    ...(memory ? { memory } : {}),
    ...(live ? { live } : {}),
  });
}

main().catch(fail);
