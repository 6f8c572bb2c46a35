// An organization-wide report sweep (KMS_ORGANIZATION_ID) with every answer delayed: its time against the
// ideal bound and against a bare node-fetch loop doing the same GETs, its peak RSS, and the same sweep at
// half the size, to show that time and memory grow in proportion.
import { generateSeed, type SeedData, type SeedKey, startEmulator } from '../../local/emulator/index.ts';
import type { LiveHeap, MemoryPeak } from '../probes/memory-sampler.ts';
import type { OrgFetchSweepJob, OrgFetchSweepResult } from '../probes/org-fetch-sweep.ts';
import type { SweepJob, SweepResult } from '../probes/sweep.ts';
import { mbFromKib } from '../report/results.ts';
import { runChild } from '../run/child.ts';
import { sweepEvent } from '../run/events.ts';
import type { Lab } from '../run/lab.ts';
import { type Summary, summarize } from '../run/stats.ts';
import {
  BENCH_TOKEN,
  INVOCATION_TIME_MS,
  ORG_CONCURRENCIES,
  ORG_FULL,
  ORG_HALF,
  ORG_RUNS,
  ORG_VERSIONS_PER_KEY,
  SWEEP_LATENCY_MS,
} from '../settings.ts';
import { FLOOR_SCRIPT } from './cold-starts.ts';

type Size = 'full' | 'half';

interface Sample {
  ms: number;
  rssMb: number;
  memory: MemoryPeak;
  live?: LiveHeap;
}

const median = (values: number[]) => summarize(values).median;

function makeUp(samples: Sample[]): MemoryMakeUp {
  return {
    newSpaceMb: median(samples.map((s) => s.memory.newSpaceMb)),
    oldSpaceMb: median(samples.map((s) => s.memory.oldSpaceMb)),
    heapUsedAtPeakMb: median(samples.map((s) => s.memory.heapUsedMb)),
    maxHeapUsedMb: median(samples.map((s) => s.memory.maxHeapUsedMb)),
  };
}

interface Organization {
  size: Size;
  id: string;
  clouds: number;
  folders: number;
  keys: number;
  versions: number;
  /** Requests a sweep of it makes, by emulator route: every list fits one page of 1,000. */
  routes: Record<string, number>;
  requests: number;
}

/** What the peak is made of (medians over the runs): see bench/probes/memory-sampler.ts. */
interface MemoryMakeUp {
  newSpaceMb: number;
  oldSpaceMb: number;
  heapUsedAtPeakMb: number;
  maxHeapUsedMb: number;
}

interface OrgSweepRow {
  size: Size;
  concurrency: number;
  clouds: number;
  folders: number;
  keys: number;
  versions: number;
  requests: number;
  sweepMs: Summary;
  idealMs: number;
  /** idealMs / median sweepMs. */
  ratio: number;
  peakRssMb: Summary;
  memory: MemoryMakeUp;
  /** The bare node-fetch loop, same GETs, same concurrency (full size only). */
  bare?: { sweepMs: Summary; ratio: number; peakRssMb: Summary; memory: MemoryMakeUp };
  /** Our throughput over the bare loop's: its median / ours. */
  shareOfBare?: number;
}

interface OrgGrowth {
  concurrency: number;
  /** Full-size median sweep time over half-size. */
  timeRatio: number;
  /** Full-size median peak RSS above `node -e 0` over half-size's. */
  memoryRatio: number;
  fullAboveFloorMb: number;
  halfAboveFloorMb: number;
}

export interface OrgSweepFigures {
  latencyMs: number;
  runs: Record<string, number>;
  /** Peak RSS of `node -e 0`, in the same runs: what the memory ratio is measured above. */
  floorRssMb: Summary;
  rows: OrgSweepRow[];
  /** Full over half size, at each concurrency. */
  growth: OrgGrowth[];
  /** One more sweep of each size, untimed, with a full collection every 250 ms: what the sweep itself holds
   *  at its peak (peak live heap less the heap left after it), full over half. */
  live: { concurrency: number; full: LiveHeap; half: LiveHeap; ratio: number };
}

function organization(size: Size, shape: typeof ORG_FULL): { org: Organization; seed: SeedData } {
  const id = size === 'full' ? 'bpfbenchorgfull00001' : 'bpfbenchorghalf00001';
  const seed = generateSeed({
    keys: shape.keys,
    versionsPerKey: ORG_VERSIONS_PER_KEY,
    organization: { clouds: shape.clouds, foldersPerCloud: shape.foldersPerCloud, organizationId: id },
    idPrefix: `org${size}`,
  });
  const folders = shape.clouds * shape.foldersPerCloud;
  const routes = { listClouds: 1, listFolders: shape.clouds, list: folders, listVersions: shape.keys };
  return {
    org: {
      size,
      id,
      clouds: shape.clouds,
      folders,
      keys: shape.keys,
      versions: (seed.keys as SeedKey[]).reduce((sum, key) => sum + key.versions.length, 0),
      routes,
      requests: Object.values(routes).reduce((sum, n) => sum + n, 0),
    },
    seed,
  };
}

export async function measureOrgSweep(lab: Lab, bundle: string): Promise<OrgSweepFigures> {
  const full = organization('full', ORG_FULL);
  const half = organization('half', ORG_HALF);
  // Both organizations in one emulator, so a List of a folder costs the emulator the same in both sweeps.
  const emulator = await startEmulator({
    seed: { keys: [...full.seed.keys, ...half.seed.keys], clouds: [...(full.seed.clouds ?? []), ...(half.seed.clouds ?? [])] },
    tokens: [BENCH_TOKEN],
  });
  try {
    emulator.faults.add({ route: '*', latencyMs: SWEEP_LATENCY_MS });

    /** What the emulator served since it was last cleared must be exactly the organization's requests. */
    const checkRequests = (who: string, org: Organization) => {
      const counts: Record<string, number> = {};
      for (const entry of emulator.requests) counts[entry.route ?? 'unrouted'] = (counts[entry.route ?? 'unrouted'] ?? 0) + 1;
      if (JSON.stringify(counts, Object.keys(counts).sort()) !== JSON.stringify(org.routes, Object.keys(org.routes).sort())) {
        throw new Error(`${who} of the ${org.size} organization sent ${JSON.stringify(counts)}, not ${JSON.stringify(org.routes)}`);
      }
    };
    const ours = async (org: Organization, concurrency: number, liveHeap = false): Promise<Sample> => {
      emulator.clearRequests();
      const job: SweepJob = {
        bundle,
        event: sweepEvent(),
        token: BENCH_TOKEN,
        remainingMs: INVOCATION_TIME_MS,
        sampleMemory: !liveHeap,
        liveHeap,
      };
      const { result } = await runChild<SweepResult>({
        args: lab.nodeArgs(...(liveHeap ? ['--expose-gc'] : []), lab.probes.sweep, JSON.stringify(job)),
        env: lab.handlerEnv(emulator.url, {
          KMS_ORGANIZATION_ID: org.id,
          RESOURCE_MANAGER_ENDPOINT: emulator.url,
          SWEEP_CONCURRENCY: String(concurrency),
        }),
      });
      const read = [result.cloudsScanned, result.foldersScanned, result.keysScanned, result.versionsScanned];
      if (!result.complete || read.join() !== [org.clouds, org.folders, org.keys, org.versions].join()) {
        throw new Error(
          `the sweep of the ${org.size} organization read ${read.join(', ')} clouds, folders, keys, versions (complete: ${result.complete})`,
        );
      }
      checkRequests('our sweep', org);
      return { ms: result.sweepMs, rssMb: mbFromKib(result.maxRssKb), memory: result.memory!, live: result.live };
    };
    const bare = async (org: Organization, concurrency: number): Promise<Sample> => {
      emulator.clearRequests();
      const job: OrgFetchSweepJob = { url: emulator.url, organizationId: org.id, concurrency, token: BENCH_TOKEN };
      const { result } = await runChild<OrgFetchSweepResult>({
        args: lab.nodeArgs(lab.probes['org-fetch-sweep'], JSON.stringify(job)),
        env: lab.childEnv({}),
      });
      if (result.versions !== org.versions) throw new Error(`the bare loop read ${result.versions} of ${org.versions} versions`);
      checkRequests('the bare loop', org);
      return { ms: result.sweepMs, rssMb: mbFromKib(result.maxRssKb), memory: result.memory };
    };
    const floor = async () => {
      const { result } = await runChild<{ maxRssKb: number }>({ args: lab.nodeArgs('-e', FLOOR_SCRIPT), env: lab.childEnv({}) });
      return mbFromKib(result.maxRssKb);
    };

    const samples = new Map<string, Sample[]>();
    const push = (name: string, sample: Sample) => samples.set(name, [...(samples.get(name) ?? []), sample]);
    const floorRss: number[] = [];
    const rounds = Math.max(...ORG_CONCURRENCIES.map((c) => ORG_RUNS[c]));
    // Every row takes its turn in each round, so that drift touches them alike; the rows at concurrency 8
    // (the longest) sit out the last round.
    for (let round = 0; round < rounds; round++) {
      floorRss.push(await floor());
      for (const concurrency of ORG_CONCURRENCIES) {
        if (round >= ORG_RUNS[concurrency]) continue;
        push(`ours full ${concurrency}`, await ours(full.org, concurrency));
        push(`bare full ${concurrency}`, await bare(full.org, concurrency));
        push(`ours half ${concurrency}`, await ours(half.org, concurrency));
      }
    }

    const liveAt = ORG_CONCURRENCIES.at(-1)!;
    const fullLive = (await ours(full.org, liveAt, true)).live!;
    const halfLive = (await ours(half.org, liveAt, true)).live!;

    const rows: OrgSweepRow[] = [];
    const growth: OrgGrowth[] = [];
    const floorRssMb = summarize(floorRss);
    for (const concurrency of ORG_CONCURRENCIES) {
      for (const org of [full.org, half.org]) {
        const mine = samples.get(`ours ${org.size} ${concurrency}`)!;
        const sweepMs = summarize(mine.map((s) => s.ms));
        const idealMs = (org.requests * SWEEP_LATENCY_MS) / concurrency;
        const row: OrgSweepRow = {
          size: org.size,
          concurrency,
          clouds: org.clouds,
          folders: org.folders,
          keys: org.keys,
          versions: org.versions,
          requests: org.requests,
          sweepMs,
          idealMs,
          ratio: idealMs / sweepMs.median,
          peakRssMb: summarize(mine.map((s) => s.rssMb)),
          memory: makeUp(mine),
        };
        const theirs = samples.get(`bare ${org.size} ${concurrency}`);
        if (theirs) {
          const bareMs = summarize(theirs.map((s) => s.ms));
          row.bare = {
            sweepMs: bareMs,
            ratio: idealMs / bareMs.median,
            peakRssMb: summarize(theirs.map((s) => s.rssMb)),
            memory: makeUp(theirs),
          };
          row.shareOfBare = bareMs.median / sweepMs.median;
        }
        rows.push(row);
      }
      const [fullRow, halfRow] = rows.slice(-2) as [OrgSweepRow, OrgSweepRow];
      const fullAboveFloorMb = fullRow.peakRssMb.median - floorRssMb.median;
      const halfAboveFloorMb = halfRow.peakRssMb.median - floorRssMb.median;
      growth.push({
        concurrency,
        timeRatio: fullRow.sweepMs.median / halfRow.sweepMs.median,
        memoryRatio: fullAboveFloorMb / halfAboveFloorMb,
        fullAboveFloorMb,
        halfAboveFloorMb,
      });
    }
    return {
      latencyMs: SWEEP_LATENCY_MS,
      runs: Object.fromEntries(ORG_CONCURRENCIES.map((c) => [String(c), ORG_RUNS[c]])),
      floorRssMb,
      rows,
      growth,
      live: {
        concurrency: liveAt,
        full: fullLive,
        half: halfLive,
        ratio: (fullLive.peakLiveMb - fullLive.afterMb) / (halfLive.peakLiveMb - halfLive.afterMb),
      },
    };
  } finally {
    await emulator.close();
  }
}
