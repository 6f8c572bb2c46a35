// What the key deletion defense costs a sweep, counted by the emulator route by route: the report sweep of
// an organization whose keys are all protected, and of the same keys with every other one unprotected (List
// keys carries the flag: not one request more), then the guard sweep with ENFORCE_DELETION_PROTECTION=true
// (one PATCH and its operation's polls per unprotected key, nothing else).
import { generateSeed, type SeedData, type SeedKey, startEmulator } from '../../local/emulator/index.ts';
import type { SweepJob, SweepResult } from '../probes/sweep.ts';
import { runChild } from '../run/child.ts';
import { sweepEvent } from '../run/events.ts';
import type { Lab } from '../run/lab.ts';
import { type Summary, summarize } from '../run/stats.ts';
import {
  BENCH_TOKEN,
  DEFENSE_CONCURRENCY,
  DEFENSE_OPERATION_POLLS,
  DEFENSE_ORG,
  DEFENSE_RUNS,
  DEFENSE_VERSIONS_PER_KEY,
  INVOCATION_TIME_MS,
  SWEEP_LATENCY_MS,
} from '../settings.ts';

type RowName = 'report, all protected' | 'report, half unprotected' | 'guard, half unprotected, enforced';

export interface DefenseRow {
  name: RowName;
  unprotectedKeys: number;
  protectedKeys: number;
  /** Requests of one sweep by emulator route (the same in every run, or the measure fails). */
  routes: Record<string, number>;
  requests: number;
  /** Requests over the all-protected report sweep, by route. */
  extra: Record<string, number>;
  sweepMs: Summary;
}

export interface DefenseFigures {
  latencyMs: number;
  concurrency: number;
  operationPolls: number;
  runs: number;
  clouds: number;
  folders: number;
  keys: number;
  versions: number;
  rows: DefenseRow[];
}

const ORGANIZATION = 'bpfbenchdefense00001';

function seedWith(unprotectedEvery: number | undefined): SeedData {
  const seed = generateSeed({
    keys: DEFENSE_ORG.keys,
    versionsPerKey: DEFENSE_VERSIONS_PER_KEY,
    organization: { clouds: DEFENSE_ORG.clouds, foldersPerCloud: DEFENSE_ORG.foldersPerCloud, organizationId: ORGANIZATION },
    idPrefix: 'def',
  });
  const keys = (seed.keys as SeedKey[]).map((key, index) => ({
    ...key,
    deletionProtection: unprotectedEvery === undefined || index % unprotectedEvery !== 0,
  }));
  return { ...seed, keys };
}

export async function measureDeletionDefense(lab: Lab, bundles: { report: string; guard: string }): Promise<DefenseFigures> {
  const allProtected = seedWith(undefined);
  const halfUnprotected = seedWith(2);
  const emulator = await startEmulator({ tokens: [BENCH_TOKEN] });
  try {
    emulator.faults.add({ route: '*', latencyMs: SWEEP_LATENCY_MS });
    emulator.configure({ operationPolls: DEFENSE_OPERATION_POLLS });
    const plans: Array<{ name: RowName; seed: SeedData; bundle: string; enforce: boolean }> = [
      { name: 'report, all protected', seed: allProtected, bundle: bundles.report, enforce: false },
      { name: 'report, half unprotected', seed: halfUnprotected, bundle: bundles.report, enforce: false },
      { name: 'guard, half unprotected, enforced', seed: halfUnprotected, bundle: bundles.guard, enforce: true },
    ];
    const samples = new Map<RowName, Array<{ result: SweepResult; routes: Record<string, number> }>>();
    // The rows take turns in each round, so that drift touches them alike; each sweep starts from its seed.
    for (let round = 0; round < DEFENSE_RUNS; round++) {
      for (const plan of plans) {
        emulator.seed(plan.seed);
        emulator.clearRequests();
        const job: SweepJob = { bundle: plan.bundle, event: sweepEvent(), token: BENCH_TOKEN, remainingMs: INVOCATION_TIME_MS };
        const { result } = await runChild<SweepResult>({
          args: lab.nodeArgs(lab.probes.sweep, JSON.stringify(job)),
          env: lab.handlerEnv(emulator.url, {
            KMS_ORGANIZATION_ID: ORGANIZATION,
            RESOURCE_MANAGER_ENDPOINT: emulator.url,
            SWEEP_CONCURRENCY: String(DEFENSE_CONCURRENCY),
            ENFORCE_DELETION_PROTECTION: String(plan.enforce),
          }),
        });
        if (!result.complete || result.keysScanned !== DEFENSE_ORG.keys) {
          throw new Error(`the ${plan.name} sweep read ${result.keysScanned} of ${DEFENSE_ORG.keys} keys (complete: ${result.complete})`);
        }
        samples.set(plan.name, [...(samples.get(plan.name) ?? []), { result, routes: routeCounts(emulator.requests) }]);
      }
    }
    const rows = plans.map(({ name }) => rowOf(name, samples.get(name)!));
    const baseline = rows[0]!.routes;
    for (const row of rows) row.extra = difference(row.routes, baseline);
    const keys = allProtected.keys as SeedKey[];
    return {
      latencyMs: SWEEP_LATENCY_MS,
      concurrency: DEFENSE_CONCURRENCY,
      operationPolls: DEFENSE_OPERATION_POLLS,
      runs: DEFENSE_RUNS,
      clouds: DEFENSE_ORG.clouds,
      folders: DEFENSE_ORG.clouds * DEFENSE_ORG.foldersPerCloud,
      keys: keys.length,
      versions: keys.reduce((sum, key) => sum + key.versions.length, 0),
      rows,
    };
  } finally {
    await emulator.close();
  }
}

function routeCounts(requests: ReadonlyArray<{ route?: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of requests) counts[entry.route ?? 'unrouted'] = (counts[entry.route ?? 'unrouted'] ?? 0) + 1;
  return counts;
}

function rowOf(name: RowName, runs: Array<{ result: SweepResult; routes: Record<string, number> }>): DefenseRow {
  const [first] = runs;
  const shown = (routes: Record<string, number>) => JSON.stringify(routes, Object.keys(routes).sort());
  if (!first || runs.some((run) => shown(run.routes) !== shown(first.routes))) {
    throw new Error(`the ${name} sweeps sent different requests: ${runs.map((run) => shown(run.routes)).join(' / ')}`);
  }
  return {
    name,
    unprotectedKeys: first.result.unprotectedKeys,
    protectedKeys: first.result.protectedKeys,
    routes: first.routes,
    requests: Object.values(first.routes).reduce((sum, n) => sum + n, 0),
    extra: {},
    sweepMs: summarize(runs.map((run) => run.result.sweepMs)),
  };
}

function difference(routes: Record<string, number>, baseline: Record<string, number>): Record<string, number> {
  const extra: Record<string, number> = {};
  for (const route of new Set([...Object.keys(routes), ...Object.keys(baseline)])) {
    const more = (routes[route] ?? 0) - (baseline[route] ?? 0);
    if (more !== 0) extra[route] = more;
  }
  return extra;
}
