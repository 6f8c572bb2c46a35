// The printed report: markdown tables, so the same text reads in a terminal and in docs/performance.md.
import type { ColdTarget } from '../measure/cold-starts.ts';
import type { Summary } from '../run/stats.ts';
import { closeTimes, fixed, kb, spread, times } from './format.ts';
import { type BenchResults, type BudgetResult, MB } from './results.ts';

type OrgRow = BenchResults['organization']['rows'][number];

const LABELS: Record<ColdTarget, string> = {
  'list-versions': 'list-versions',
  'cancel-version-destruction': 'cancel-version-destruction',
  sdk: 'SDK list-versions (comparator)',
  'https-floor': 'bare node:https GET (floor)',
  'fetch-floor': 'bare node-fetch GET',
  floor: 'node -e 0 (floor)',
};

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const median = (summary: Summary | undefined) => summary?.median ?? NaN;
const ratioCell = (ours: number, theirs: number) => (Number.isFinite(ours) && theirs > 0 ? times(ours / theirs) : '-');

function coldTable(results: BenchResults): string {
  const { cold, bundles } = results;
  const sdk = cold.sdk;
  const httpsFloor = cold['https-floor'];
  const rows: string[][] = [];
  for (const target of ['list-versions', 'cancel-version-destruction', 'sdk', 'https-floor', 'fetch-floor', 'floor'] as const) {
    const figures = cold[target];
    const bundle = target === 'floor' || target === 'https-floor' || target === 'fetch-floor' ? undefined : bundles[target];
    rows.push([
      LABELS[target],
      bundle ? kb(bundle.bundleBytes) : '-',
      bundle ? kb(bundle.zipBytes) : '-',
      spread(figures.loadMs),
      spread(figures.firstInvocationMs),
      spread(figures.peakRssMb),
      spread(figures.wallMs, 0),
    ]);
    // Our functions, and the bare node-fetch GET that shows how much of their ratio is the library's.
    if (target === 'list-versions' || target === 'cancel-version-destruction' || target === 'fetch-floor') {
      rows.push([
        '  ratio to SDK',
        bundle ? ratioCell(bundle.bundleBytes, bundles.sdk.bundleBytes) : '-',
        bundle ? ratioCell(bundle.zipBytes, bundles.sdk.zipBytes) : '-',
        ratioCell(median(figures.loadMs), median(sdk.loadMs)),
        ratioCell(median(figures.firstInvocationMs), median(sdk.firstInvocationMs)),
        ratioCell(median(figures.peakRssMb), median(sdk.peakRssMb)),
        ratioCell(median(figures.wallMs), median(sdk.wallMs)),
      ]);
      rows.push([
        '  ratio to node:https floor',
        '-',
        '-',
        '-',
        ratioCell(median(figures.firstInvocationMs), median(httpsFloor.firstInvocationMs)),
        ratioCell(median(figures.peakRssMb), median(httpsFloor.peakRssMb)),
        ratioCell(median(figures.wallMs), median(httpsFloor.wallMs)),
      ]);
    }
  }
  return table(['cold start', 'bundle', 'zip', 'module load ms', 'first invocation ms', 'peak RSS MB', 'process wall ms'], rows);
}

function warmTable(results: BenchResults): string {
  const { warm } = results;
  return table(
    ['warm invocation (one page, 10 versions)', 'median ms (p10-p90)'],
    [
      ['list-versions handler', spread(warm.handlerMs, 3, true)],
      ['bare node-fetch, same URL', spread(warm.fetchMs, 3, true)],
      ['ratio (medians)', `${times(warm.ratio)} (per process: ${warm.ratioPerProcess.map(times).join(', ')})`],
    ],
  );
}

function throughputTable(results: BenchResults): string {
  return table(
    [
      'concurrency',
      'keys',
      'requests',
      'sweep ms (min-max)',
      'versions/s',
      'ideal ms',
      'vs ideal',
      'bare node:http ms',
      'vs ideal',
      'bare node-fetch ms',
      'vs ideal',
      'ours / bare node-fetch',
    ],
    results.throughput.map((t) => [
      String(t.concurrency),
      String(t.keys),
      String(t.requests),
      spread(t.sweepMs, 0),
      fixed(t.versionsPerSecond, 0),
      fixed(t.idealMs, 0),
      times(t.ratio),
      spread(t.bareHttpMs, 0),
      times(t.bareHttpRatio),
      spread(t.bareFetchMs, 0),
      times(t.bareFetchRatio),
      closeTimes(t.shareOfBareFetch),
    ]),
  );
}

function sdkSweepTable(results: BenchResults): string {
  return table(
    ['concurrency', 'keys', 'requests', 'ours HTTPS ms (min-max)', 'vs ideal', 'SDK gRPC+TLS ms (min-max)', 'vs ideal', 'ours / SDK'],
    results.throughput.map((t) => [
      String(t.concurrency),
      String(t.keys),
      String(t.requests),
      spread(t.tlsSweepMs, 0),
      times(t.tlsRatio),
      spread(t.sdkSweepMs, 0),
      times(t.sdkRatio),
      closeTimes(t.oursOverSdk),
    ]),
  );
}

function memoryTable(results: BenchResults): string {
  const { memory } = results;
  return table(
    ['sweep memory', 'versions', 'peak RSS MB (min-max)'],
    [
      [
        `${memory.small.keys} keys x ${memory.small.versionsPerKey} versions`,
        String(memory.small.keys * memory.small.versionsPerKey),
        spread(memory.small.peakRssMb),
      ],
      [
        `${memory.quota.keys} keys x ${memory.quota.versionsPerKey} versions`,
        String(memory.quota.keys * memory.quota.versionsPerKey),
        spread(memory.quota.peakRssMb),
      ],
      ['growth (medians)', '', fixed(memory.growthMb, 1)],
    ],
  );
}

function realtimeLatencyTable(results: BenchResults): string {
  const { latency } = results.realtime;
  const row = (label: string, f: (typeof latency.rows)[number]) => [
    label,
    String(f.totalMs.samples),
    spread(f.totalMs),
    spread(f.scheduledMs),
    spread(f.toCancelMs),
    spread(f.cancelMs),
  ];
  return table(
    [
      'event -> ACTIVE (logging trigger, cutoff 0)',
      'events',
      'total ms (min-max)',
      'POST -> DONE record',
      'record -> cancel received',
      'cancel -> ACTIVE',
    ],
    [
      row("first event of each fresh host (cancel's operation done at once)", latency.first),
      ...latency.rows.map((f) =>
        row(f.operationPolls === 0 ? "cancel's operation done at once" : `cancel's operation done at poll ${f.operationPolls}`, f),
      ),
    ],
  );
}

function auditBatchTable(results: BenchResults): string {
  const { batch } = results.realtime;
  const requests = (all: typeof batch.handlerRequests) =>
    [
      ...new Set(
        all.map(
          (r) =>
            `${r.cancels} cancels + ${r.polls} polls${r.listVersions ? ` + ${r.listVersions} ListVersions` : ''}${r.other ? ` + ${r.other} other` : ''}`,
        ),
      ),
    ].join(' / ');
  return table(
    [`warm batch of ${batch.events} DONE schedule records`, 'batch ms (min-max)', 'CPU ms (min-max)', 'requests per batch'],
    [
      ['cancel-version-destruction handler', spread(batch.handlerMs, 0), spread(batch.handlerCpuMs, 0), requests(batch.handlerRequests)],
      ['bare node-fetch loop, same requests', spread(batch.bareMs, 0), spread(batch.bareCpuMs, 0), requests(batch.bareRequests)],
      [
        'ratio (medians)',
        `${closeTimes(batch.ratio)} (per process: ${batch.ratioPerProcess.map(closeTimes).join(', ')})`,
        times(batch.handlerCpuMs.median / batch.bareCpuMs.median),
        '',
      ],
    ],
  );
}

function organizationTable(results: BenchResults): string {
  const org = results.organization;
  return table(
    [
      'concurrency',
      'organization',
      'keys',
      'requests',
      'sweep ms (min-max)',
      'ideal ms',
      'vs ideal',
      'bare node-fetch ms',
      'vs ideal',
      'ours / bare node-fetch',
    ],
    org.rows.map((r) => [
      String(r.concurrency),
      `${r.clouds} clouds x ${r.folders / r.clouds} folders`,
      String(r.keys),
      String(r.requests),
      spread(r.sweepMs, 0),
      fixed(r.idealMs, 0),
      times(r.ratio),
      r.bare ? spread(r.bare.sweepMs, 0) : '-',
      r.bare ? times(r.bare.ratio) : '-',
      r.shareOfBare !== undefined ? closeTimes(r.shareOfBare) : '-',
    ]),
  );
}

function organizationMemoryTable(results: BenchResults): string {
  const org = results.organization;
  const rows: string[][] = [];
  for (const r of org.rows) {
    const label = `${r.concurrency}`;
    const size = `${r.keys} keys`;
    rows.push([
      label,
      `ours, ${size}`,
      spread(r.peakRssMb),
      fixed(r.peakRssMb.median - org.floorRssMb.median, 1),
      fixed(r.memory.newSpaceMb, 1),
      fixed(r.memory.oldSpaceMb, 1),
      fixed(r.memory.heapUsedAtPeakMb, 1),
      fixed(r.memory.maxHeapUsedMb, 1),
    ]);
    if (r.bare) {
      rows.push([
        label,
        `bare node-fetch, ${size}`,
        spread(r.bare.peakRssMb),
        fixed(r.bare.peakRssMb.median - org.floorRssMb.median, 1),
        fixed(r.bare.memory.newSpaceMb, 1),
        fixed(r.bare.memory.oldSpaceMb, 1),
        fixed(r.bare.memory.heapUsedAtPeakMb, 1),
        fixed(r.bare.memory.maxHeapUsedMb, 1),
      ]);
    }
  }
  rows.push(['-', 'node -e 0', spread(org.floorRssMb), '', '', '', '', '']);
  for (const g of org.growth) {
    rows.push([String(g.concurrency), 'full / half (ours)', `time ${closeTimes(g.timeRatio)}`, closeTimes(g.memoryRatio), '', '', '', '']);
  }
  return table(
    [
      'concurrency',
      'organization sweep memory',
      'peak RSS MB (min-max)',
      'above node -e 0',
      'new space MB',
      'old space MB',
      'heap used MB',
      'max heap used MB',
    ],
    rows,
  );
}

/** What the sweep itself holds at its peak, from the untimed runs with forced collections. */
function organizationLiveLine(results: BenchResults): string {
  const { live } = results.organization;
  const [full, half] = results.organization.rows as [OrgRow, OrgRow];
  const held = (l: typeof live.full) =>
    `${fixed(l.peakLiveMb - l.afterMb, 1)} MB (${fixed(l.peakLiveMb, 1)} at peak - ${fixed(l.afterMb, 1)} after)`;
  return (
    `Held by the sweep at concurrency ${live.concurrency} (live heap, full collections every 250 ms, one untimed run each): ` +
    `${full.keys} keys ${held(live.full)}, ${half.keys} keys ${held(live.half)}: ${closeTimes(live.ratio)}.`
  );
}

function metricsTable(results: BenchResults): string {
  const cost = results.metricsCost;
  const row = (label: string, side: typeof cost.withWrite, cold: typeof cost.withWrite) => [
    label,
    fixed(side.requests.median, 0),
    side.writes.min === side.writes.max ? String(side.writes.max) : `${side.writes.min}-${side.writes.max}`,
    spread(side.cpuMs, 2, true),
    spread(side.ms, 2, true),
    spread(cold.cpuMs, 1),
  ];
  return table(
    [
      `report sweep, ${cost.keys} keys, ${cost.versions} versions`,
      'requests',
      'Monitoring writes',
      'warm CPU ms (p10-p90)',
      'warm wall ms (p10-p90)',
      'cold CPU ms (min-max)',
    ],
    [
      row('without MONITORING_FOLDER_ID', cost.withoutWrite, cost.cold.withoutWrite),
      row('with MONITORING_FOLDER_ID', cost.withWrite, cost.cold.withWrite),
      [
        'the write adds (medians)',
        `+${fixed(cost.withWrite.requests.median - cost.withoutWrite.requests.median, 0)}`,
        '',
        `${cost.extraCpuMs >= 0 ? '+' : ''}${fixed(cost.extraCpuMs, 2)}`,
        `${cost.withWrite.ms.median >= cost.withoutWrite.ms.median ? '+' : ''}${fixed(cost.withWrite.ms.median - cost.withoutWrite.ms.median, 2)}`,
        `${cost.cold.extraCpuMs >= 0 ? '+' : ''}${fixed(cost.cold.extraCpuMs, 1)}`,
      ],
    ],
  );
}

function defenseTable(results: BenchResults): string {
  const d = results.deletionDefense;
  const routes = (counts: Record<string, number>) =>
    Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([route, n]) => `${route} ${n}`)
      .join(', ');
  return table(
    ['sweep', 'unprotected keys', 'protected', 'requests', 'by route', 'over all protected', 'sweep ms (min-max)'],
    d.rows.map((row) => [
      row.name,
      String(row.unprotectedKeys),
      String(row.protectedKeys),
      String(row.requests),
      routes(row.routes),
      Object.keys(row.extra).length === 0 ? '+0' : routes(row.extra).replace(/(\d+)/g, '+$1'),
      spread(row.sweepMs, 0),
    ]),
  );
}

function defenseHeading(results: BenchResults): string {
  const d = results.deletionDefense;
  return (
    `Key deletion defense: KMS_ORGANIZATION_ID over ${d.clouds} clouds, ${d.folders} folders, ${d.keys} keys, ${d.versions} versions, nothing scheduled; ` +
    `+${d.latencyMs} ms on every request, SWEEP_CONCURRENCY ${d.concurrency}, each protection's operation done at poll ${d.operationPolls}; ` +
    `${d.runs} fresh processes per row, taking turns; requests counted by the emulator, route by route.`
  );
}

function budgetLines(budgets: BudgetResult[]): string {
  return budgets.map((b) => `${b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${b.measured}; budget ${b.limit}`).join('\n');
}

function realtimeHeading(results: BenchResults): string {
  const { latency } = results.realtime;
  return (
    `Real-time guard, event to ACTIVE: ${latency.processes} fresh processes, each an emulator and the local host serving the cancel bundle, whose Cloud Logging trigger ` +
    "(cutoff 0) reads the emulator's audit records; a destruction scheduled through the REST API, timed until the cancel's DONE record; " +
    'events one at a time, the two settings taking turns, after one unrecorded event per process (shown first).'
  );
}

function auditBatchHeading(results: BenchResults): string {
  const b = results.realtime.batch;
  return (
    `Real-time guard, warm batch: ${b.processes} fresh processes, each ${b.warmUps} warm-up batch of each kind, then ${b.batches} of each, taking turns; ` +
    `+${b.latencyMs} ms on every request, each cancel's operation done at poll ${b.operationPolls}, SWEEP_CONCURRENCY ${b.concurrency}; ` +
    'the bare loop waits before each poll as the handler does (50 ms, then 1.6x); requests counted by the emulator.'
  );
}

function organizationHeading(results: BenchResults): string {
  const org = results.organization;
  const runs = Object.entries(org.runs)
    .map(([concurrency, n]) => `${n} at concurrency ${concurrency}`)
    .join(', ');
  return (
    `Organization sweep: KMS_ORGANIZATION_ID, 10 versions per key, nothing scheduled, +${org.latencyMs} ms on every request; fresh processes per row: ${runs}, taking turns; ` +
    `ideal = requests x ${org.latencyMs} ms / concurrency; the bare loop sends the same ListClouds, ListFolders, List keys and ListVersions (counted by the emulator for both).`
  );
}

function metricsHeading(results: BenchResults): string {
  const c = results.metricsCost;
  return (
    `Monitoring write cost: ${c.processes} fresh processes, each one cold sweep (half with the write), ${c.warmUps} warm-up sweeps, then ${c.pairs} pairs taking turns; ` +
    'CPU = process.cpuUsage() (user + system) around the invocation; requests counted by the emulator; no injected latency.'
  );
}

export function renderReport(results: BenchResults): string {
  const s = results.settings;
  const m = results.machine;
  return [
    `kms-version-guard bench: node ${m.node}, ${m.cpus} CPUs (${m.cpuModel}), ${results.generatedAt}, 1-min load average ${fixed(m.loadAverage.before, 2)} before / ${fixed(m.loadAverage.after, 2)} after`,
    `Medians; spread in brackets. Sizes and memory in decimal units (1 KB = 1,000 B, 1 MB = ${MB.toLocaleString('en')} B). Handlers run with LOG_LEVEL=${String(s.logLevel)}.`,
    '',
    `Cold start: ${String(s.coldRuns)} fresh node processes per row; the first call goes over TLS on loopback (ours: HTTPS to the emulator serving TLS; SDK: gRPC+TLS); certificate trust: ${String(s.trust)}.`,
    coldTable(results),
    '',
    `Warm: ${String(s.warmProcesses)} fresh processes, each ${String(s.warmUpCalls)} warm-up calls then ${String(s.warmCalls)} calls of each kind, interleaved; plain HTTP to the emulator.`,
    warmTable(results),
    '',
    `Sweep throughput: report sweep of named keys (a Get of each key, its deletion protection, and its ${String(s.sweepVersionsPerKey)} versions; the bare loops and the SDK's sweep send the same), +${String(s.sweepLatencyMs)} ms on every request, ${String(s.sweepRuns)} fresh processes each; ideal = requests x ${String(s.sweepLatencyMs)} ms / concurrency; plain HTTP to the emulator; ours / bare node-fetch is throughput (bare ms / ours).`,
    throughputTable(results),
    '',
    `Sweep against the SDK: the same sweep, both over TLS on loopback (ours: HTTPS to the emulator serving TLS; SDK: gRPC+TLS to a server with the same keys and the same +${String(s.sweepLatencyMs)} ms), taking turns with the runs above; ours / SDK is throughput (SDK ms / ours).`,
    sdkSweepTable(results),
    '',
    `Sweep memory: ${String(s.memoryRuns)} fresh processes each, default SWEEP_CONCURRENCY, no injected latency.`,
    memoryTable(results),
    '',
    realtimeHeading(results),
    realtimeLatencyTable(results),
    '',
    auditBatchHeading(results),
    auditBatchTable(results),
    '',
    organizationHeading(results),
    organizationTable(results),
    '',
    `Organization sweep memory: the same processes; the heap figures are sampled every 10 ms and read at the highest RSS sample (new space: the young generation's reserved size), medians.`,
    organizationMemoryTable(results),
    organizationLiveLine(results),
    '',
    metricsHeading(results),
    metricsTable(results),
    '',
    defenseHeading(results),
    defenseTable(results),
    '',
    'Budgets',
    budgetLines(results.budgets),
  ].join('\n');
}
