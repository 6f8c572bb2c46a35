// What a probe's memory is made of at its peak: RSS sampled every few ms, and at the highest sample the
// V8 heap (reserved and used) and the size of its young generation, to tell data a sweep holds from
// room the garbage collector keeps. Only the rows that print it turn it on.
import v8 from 'node:v8';

export interface MemoryPeak {
  /** The highest RSS sampled (maxRSS, which the rows report, may be a little higher). */
  rssMb: number;
  /** At that sample: the V8 heap reserved, and used (live data plus garbage not yet collected). */
  heapTotalMb: number;
  heapUsedMb: number;
  /** At that sample: the young generation's reserved size (new_space), and old_space's. */
  newSpaceMb: number;
  oldSpaceMb: number;
  /** The highest heapUsed sampled. */
  maxHeapUsedMb: number;
}

const mb = (bytes: number) => bytes / 1_000_000;

export function sampleMemory(intervalMs = 10): () => MemoryPeak {
  const peak: MemoryPeak = { rssMb: 0, heapTotalMb: 0, heapUsedMb: 0, newSpaceMb: 0, oldSpaceMb: 0, maxHeapUsedMb: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peak.maxHeapUsedMb = Math.max(peak.maxHeapUsedMb, mb(usage.heapUsed));
    if (mb(usage.rss) <= peak.rssMb) return;
    const spaces = new Map(v8.getHeapSpaceStatistics().map((space) => [space.space_name, mb(space.space_size)]));
    Object.assign(peak, {
      rssMb: mb(usage.rss),
      heapTotalMb: mb(usage.heapTotal),
      heapUsedMb: mb(usage.heapUsed),
      newSpaceMb: spaces.get('new_space') ?? 0,
      oldSpaceMb: spaces.get('old_space') ?? 0,
    });
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
    return { ...peak };
  };
}

export interface LiveHeap {
  /** The most heap in use right after a full collection, over the sweep: what it held at its peak. */
  peakLiveMb: number;
  /** The same after the sweep has returned: loaded code and what the process keeps anyway. */
  afterMb: number;
}

/**
 * Forces a full collection every `intervalMs` (node --expose-gc) and keeps the most heap still in use
 * after one: live data, without the garbage a peak RSS also holds. It slows the process down, so the
 * runs that use it are never timed.
 */
export function sampleLiveHeap(intervalMs = 250): () => LiveHeap {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('sampleLiveHeap needs node --expose-gc');
  let peak = 0;
  const sample = () => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    gc();
    return { peakLiveMb: mb(peak), afterMb: mb(process.memoryUsage().heapUsed) };
  };
}
