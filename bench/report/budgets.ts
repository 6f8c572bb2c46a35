// The performance budgets, each checked against the comparator or bound measured in the same run.

import type { DefenseRow } from '../measure/deletion-defense.ts';
import { closeTimes, fixed, kb, ms, times } from './format.ts';
import type { BenchResults, BudgetResult } from './results.ts';
import { KB } from './results.ts';

const OURS = ['list-versions', 'cancel-version-destruction'] as const;
const MAX_BUNDLE_SHARE = 0.1;
const MAX_BUNDLE_BYTES = 120 * KB;
const MAX_LOAD_SHARE = 0.15;
const MAX_FIRST_INVOCATION_SHARE = 0.35;
/** Against one bare node:https GET in a fresh process: what any HTTPS client pays on a first call. */
const MAX_FIRST_INVOCATION_OVER_HTTPS_FLOOR = 1.25;
const MAX_WARM_RATIO = 1.3;
/** Sweep throughput against a bare node-fetch loop doing the same GETs: the transport's own ceiling. */
const MIN_SWEEP_SHARE_OF_BARE_FETCH = 0.95;
/** Sweep throughput against the SDK's sweep, both over TLS. */
const MIN_SWEEP_SHARE_OF_SDK = 1.0;
const MAX_MEMORY_GROWTH_MB = 30;
/** A warm 100-event audit batch against a bare node-fetch loop sending the same cancels and polls. */
const MAX_AUDIT_BATCH_RATIO = 1.3;
/** Organization sweep throughput against a bare node-fetch loop doing the same GETs. */
const MIN_ORG_SHARE_OF_BARE_FETCH = 0.85;
const MAX_ORG_PEAK_RSS_MB = 120;
/** Full-size over half-size organization sweep: time, and peak RSS above `node -e 0`. */
const ORG_GROWTH_RANGE = [1.8, 2.2] as const;
/** What the Monitoring write may add to a report sweep. */
const MAX_METRICS_EXTRA_REQUESTS = 1;
const MAX_METRICS_EXTRA_CPU_MS = 2;

export function checkBudgets(results: Omit<BenchResults, 'budgets'>): BudgetResult[] {
  const checks: BudgetResult[] = [];
  const sdkBundle = results.bundles.sdk.bundleBytes;
  const sdkLoad = results.cold.sdk.loadMs!.median;
  const sdkFirst = results.cold.sdk.firstInvocationMs!.median;
  const httpsFloor = results.cold['https-floor'].firstInvocationMs!.median;
  // Not a budget: what node-fetch alone pays, said beside the budgets it bears on.
  const fetchFloor = results.cold['fetch-floor'].firstInvocationMs!.median;
  const transportCost = (over: number, name: string) =>
    `; a bare node-fetch GET alone: ${ms(fetchFloor)} = ${times(fetchFloor / over)} ${name}`;
  for (const name of OURS) {
    const bytes = results.bundles[name].bundleBytes;
    checks.push({
      name: `${name}: bundle size`,
      pass: bytes <= MAX_BUNDLE_SHARE * sdkBundle && bytes <= MAX_BUNDLE_BYTES,
      measured: `${kb(bytes)} = ${times(bytes / sdkBundle)} SDK (${kb(sdkBundle)})`,
      limit: `<= ${MAX_BUNDLE_SHARE}x SDK and <= ${kb(MAX_BUNDLE_BYTES)}`,
    });
    const load = results.cold[name].loadMs!.median;
    checks.push({
      name: `${name}: module load`,
      pass: load <= MAX_LOAD_SHARE * sdkLoad,
      measured: `${ms(load)} = ${times(load / sdkLoad)} SDK (${ms(sdkLoad)})`,
      limit: `<= ${MAX_LOAD_SHARE}x SDK`,
    });
    const first = results.cold[name].firstInvocationMs!.median;
    checks.push({
      name: `${name}: first invocation vs SDK`,
      pass: first <= MAX_FIRST_INVOCATION_SHARE * sdkFirst,
      measured: `${ms(first)} = ${times(first / sdkFirst)} SDK (${ms(sdkFirst)})${transportCost(sdkFirst, 'SDK')}`,
      limit: `<= ${MAX_FIRST_INVOCATION_SHARE}x SDK`,
    });
    checks.push({
      name: `${name}: first invocation vs node:https floor`,
      pass: first <= MAX_FIRST_INVOCATION_OVER_HTTPS_FLOOR * httpsFloor,
      measured: `${ms(first)} = ${times(first / httpsFloor)} bare node:https GET (${ms(httpsFloor)})${transportCost(httpsFloor, 'node:https floor')}`,
      limit: `<= ${MAX_FIRST_INVOCATION_OVER_HTTPS_FLOOR}x node:https floor`,
    });
  }
  checks.push({
    name: 'list-versions: warm invocation overhead',
    pass: results.warm.ratio <= MAX_WARM_RATIO,
    measured: `${ms(results.warm.handlerMs.median, 3)} = ${times(results.warm.ratio)} bare fetch (${ms(results.warm.fetchMs.median, 3)})`,
    limit: `<= ${MAX_WARM_RATIO}x bare fetch`,
  });
  for (const sweep of results.throughput) {
    checks.push({
      name: `sweep throughput at concurrency ${sweep.concurrency} vs bare node-fetch`,
      pass: sweep.shareOfBareFetch >= MIN_SWEEP_SHARE_OF_BARE_FETCH,
      measured:
        `${ms(sweep.sweepMs.median, 0)} for ${sweep.requests} requests = ${closeTimes(sweep.shareOfBareFetch)} bare node-fetch ` +
        `(${ms(sweep.bareFetchMs.median, 0)}); ${times(sweep.ratio)} ideal (${ms(sweep.idealMs, 0)})`,
      limit: `>= ${MIN_SWEEP_SHARE_OF_BARE_FETCH}x bare node-fetch`,
    });
  }
  for (const sweep of results.throughput) {
    checks.push({
      name: `sweep throughput at concurrency ${sweep.concurrency} vs SDK`,
      pass: sweep.oursOverSdk >= MIN_SWEEP_SHARE_OF_SDK,
      measured: `ours over HTTPS ${ms(sweep.tlsSweepMs.median, 0)}, SDK over gRPC+TLS ${ms(sweep.sdkSweepMs.median, 0)} = ${closeTimes(sweep.oursOverSdk)} SDK throughput`,
      limit: `>= ${MIN_SWEEP_SHARE_OF_SDK.toFixed(1)}x SDK`,
    });
  }
  checks.push({
    name: 'sweep memory growth, 10x10 -> 100x100',
    pass: results.memory.growthMb < MAX_MEMORY_GROWTH_MB,
    measured: `${fixed(results.memory.growthMb, 1)} MB (${fixed(results.memory.small.peakRssMb.median, 1)} -> ${fixed(results.memory.quota.peakRssMb.median, 1)} MB)`,
    limit: `< ${MAX_MEMORY_GROWTH_MB} MB`,
  });
  checks.push(...realtimeBudgets(results), ...organizationBudgets(results), ...metricsBudgets(results), ...defenseBudgets(results));
  return checks;
}

function realtimeBudgets(results: Omit<BenchResults, 'budgets'>): BudgetResult[] {
  const batch = results.realtime.batch;
  const perVersion = `1 cancel + ${batch.operationPolls} poll${batch.operationPolls === 1 ? '' : 's'} per version`;
  const exact = batch.handlerRequests.every((r) =>
    (Object.keys(batch.expected) as Array<keyof typeof r>).every((k) => r[k] === batch.expected[k]),
  );
  const seen = [
    ...new Set(
      batch.handlerRequests.map((r) => `${r.cancels} cancels + ${r.polls} polls, ${r.listVersions} ListVersions, ${r.other} other`),
    ),
  ];
  return [
    {
      name: `real-time batch of ${batch.events} events: requests`,
      pass: exact,
      measured: `${seen.join(' / ')} in each of ${batch.handlerRequests.length} batches`,
      limit: `exactly ${perVersion}, no ListVersions (no refusal to settle), nothing else`,
    },
    {
      name: `real-time batch of ${batch.events} events vs bare node-fetch`,
      pass: batch.ratio <= MAX_AUDIT_BATCH_RATIO,
      measured: `${ms(batch.handlerMs.median, 0)} = ${closeTimes(batch.ratio)} bare node-fetch (${ms(batch.bareMs.median, 0)})`,
      limit: `<= ${MAX_AUDIT_BATCH_RATIO}x bare node-fetch`,
    },
  ];
}

function organizationBudgets(results: Omit<BenchResults, 'budgets'>): BudgetResult[] {
  const org = results.organization;
  const checks: BudgetResult[] = [];
  for (const row of org.rows.filter((r) => r.size === 'full')) {
    checks.push({
      name: `organization sweep at concurrency ${row.concurrency} vs bare node-fetch`,
      pass: (row.shareOfBare ?? 0) >= MIN_ORG_SHARE_OF_BARE_FETCH,
      measured:
        `${ms(row.sweepMs.median, 0)} for ${row.requests} requests = ${closeTimes(row.shareOfBare ?? NaN)} bare node-fetch ` +
        `(${ms(row.bare?.sweepMs.median ?? NaN, 0)}); ${times(row.ratio)} ideal (${ms(row.idealMs, 0)})`,
      limit: `>= ${MIN_ORG_SHARE_OF_BARE_FETCH}x bare node-fetch`,
    });
  }
  for (const row of org.rows.filter((r) => r.size === 'full')) {
    checks.push({
      name: `organization sweep at concurrency ${row.concurrency}: peak RSS`,
      pass: row.peakRssMb.median < MAX_ORG_PEAK_RSS_MB,
      measured: `${fixed(row.peakRssMb.median, 1)} MB (max ${fixed(row.peakRssMb.max, 1)})`,
      limit: `< ${MAX_ORG_PEAK_RSS_MB} MB`,
    });
  }
  const [low, high] = ORG_GROWTH_RANGE;
  const within = (value: number) => value >= low && value <= high;
  for (const growth of org.growth) {
    const full = org.rows.find((r) => r.size === 'full' && r.concurrency === growth.concurrency)!;
    const half = org.rows.find((r) => r.size === 'half' && r.concurrency === growth.concurrency)!;
    checks.push({
      name: `organization sweep growth at concurrency ${growth.concurrency}, half -> full size: time`,
      pass: within(growth.timeRatio),
      measured: `${closeTimes(growth.timeRatio)} (${ms(half.sweepMs.median, 0)} -> ${ms(full.sweepMs.median, 0)}; requests ${closeTimes(full.requests / half.requests)})`,
      limit: `${low}x to ${high}x`,
    });
    checks.push({
      name: `organization sweep growth at concurrency ${growth.concurrency}, half -> full size: peak RSS above node -e 0`,
      pass: within(growth.memoryRatio),
      measured: `${closeTimes(growth.memoryRatio)} (${fixed(growth.halfAboveFloorMb, 1)} -> ${fixed(growth.fullAboveFloorMb, 1)} MB above ${fixed(org.floorRssMb.median, 1)} MB)`,
      limit: `${low}x to ${high}x`,
    });
  }
  return checks;
}

function metricsBudgets(results: Omit<BenchResults, 'budgets'>): BudgetResult[] {
  const cost = results.metricsCost;
  return [
    {
      name: 'Monitoring write: requests added to a report sweep',
      pass: cost.extraRequests <= MAX_METRICS_EXTRA_REQUESTS,
      measured: `+${cost.extraRequests} (${cost.withoutWrite.requests.median} -> ${cost.withWrite.requests.median}; writes per sweep ${cost.withWrite.writes.min}-${cost.withWrite.writes.max})`,
      limit: `<= ${MAX_METRICS_EXTRA_REQUESTS}`,
    },
    {
      name: 'Monitoring write: CPU added to a warm report sweep',
      pass: cost.extraCpuMs < MAX_METRICS_EXTRA_CPU_MS,
      measured: `${ms(cost.extraCpuMs, 2)} (medians ${ms(cost.withoutWrite.cpuMs.median, 2)} -> ${ms(cost.withWrite.cpuMs.median, 2)})`,
      limit: `< ${MAX_METRICS_EXTRA_CPU_MS} ms`,
    },
  ];
}

/** The deletion defense's cost, request by request: exact, as the emulator counted it. */
function defenseBudgets(results: Omit<BenchResults, 'budgets'>): BudgetResult[] {
  const d = results.deletionDefense;
  const [, report, guard] = d.rows as [DefenseRow, DefenseRow, DefenseRow];
  const shown = (extra: Record<string, number>) =>
    Object.keys(extra).length === 0
      ? 'none'
      : Object.entries(extra)
          .map(([route, n]) => `${route} +${n}`)
          .join(', ');
  const unprotected = report.unprotectedKeys;
  const expected = { update: unprotected, getOperation: unprotected * d.operationPolls };
  return [
    {
      name: `deletion posture: requests a report sweep adds for ${unprotected} unprotected of ${d.keys} keys`,
      pass: Object.keys(report.extra).length === 0 && unprotected === d.keys / 2,
      measured: `${shown(report.extra)} (${report.requests} requests either way; ${unprotected} keys reported)`,
      limit: 'none (List keys carries the flag)',
    },
    {
      name: `deletion defense: requests a guard sweep adds to protect ${unprotected} keys`,
      pass: JSON.stringify(guard.extra) === JSON.stringify(expected) && guard.protectedKeys === unprotected,
      measured: `${shown(guard.extra)} (${guard.protectedKeys} protected)`,
      limit: `one PATCH and its ${d.operationPolls} poll(s) per key: ${shown(expected)}`,
    },
  ];
}
