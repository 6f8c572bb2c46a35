// `npm run bench`: cold start, warm overhead, sweep throughput and memory of the built functions, side by
// side with the official SDK, bare node:https and node-fetch clients, and the bounds they are judged against;
// the real-time guard (event to ACTIVE, a warm 100-event batch), an organization-wide sweep, and what the
// Monitoring write costs, and what the key deletion defense adds to a sweep. Writes bench/results.json and exits non-zero when a budget is missed.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { measureColdStarts } from '../bench/measure/cold-starts.ts';
import { measureDeletionDefense } from '../bench/measure/deletion-defense.ts';
import { measureMemory } from '../bench/measure/memory.ts';
import { measureMetricsCost } from '../bench/measure/metrics-cost.ts';
import { measureOrgSweep } from '../bench/measure/org-sweep.ts';
import { measureAuditBatch, measureRealtimeLatency } from '../bench/measure/realtime.ts';
import { measureThroughput } from '../bench/measure/throughput.ts';
import { measureWarmOverhead } from '../bench/measure/warm-overhead.ts';
import { checkBudgets } from '../bench/report/budgets.ts';
import type { BenchResults } from '../bench/report/results.ts';
import { renderReport } from '../bench/report/table.ts';
import { openLab } from '../bench/run/lab.ts';
import { buildSdkHandler, buildSdkSweep } from '../bench/sdk-handler/build.ts';
import * as settings from '../bench/settings.ts';
import { trustModeFrom } from '../bench/tls/child-trust.ts';
import { buildFunctions, PROJECT_ROOT } from './lib/bundle-functions.ts';

const RESULTS_PATH = path.join(PROJECT_ROOT, 'bench', 'results.json');

// Progress goes to stderr: stdout carries only the report.
const progress = (step: string) => process.stderr.write(`bench: ${step}\n`);

// Other work on the machine moves every figure: the load average before and after is kept with them.
const loadBefore = os.loadavg()[0]!;
progress('building the functions');
const built = await buildFunctions();
const ours = (name: string) => {
  const fn = built.find((f) => f.name === name);
  if (!fn) throw new Error(`bench: the build made no ${name}`);
  return fn;
};
const listVersions = ours('list-versions');
const cancel = ours('cancel-version-destruction');

// BENCH_TRUST=extra-ca-certs trusts the loopback certificate through NODE_EXTRA_CA_CERTS instead
// (see bench/tls/child-trust.ts for what that hides from the cold-start figures).
const lab = await openLab(trustModeFrom(process.env.BENCH_TRUST));
let results: BenchResults;
try {
  progress('bundling the SDK comparators');
  const sdk = await buildSdkHandler(path.join(lab.tmpDir, 'sdk-handler'));
  const sdkSweep = await buildSdkSweep(path.join(lab.tmpDir, 'sdk-sweep'));
  progress(`cold starts (${settings.COLD_RUNS} rounds of 6 fresh processes)`);
  const cold = await measureColdStarts(lab, {
    'list-versions': listVersions.bundlePath,
    'cancel-version-destruction': cancel.bundlePath,
    sdk: sdk.bundlePath,
  });
  progress('warm invocation overhead');
  const warm = await measureWarmOverhead(lab, listVersions.bundlePath);
  progress(`sweep throughput at concurrency ${settings.SWEEP_CONCURRENCIES.join(', ')}`);
  const throughput = await measureThroughput(lab, { ours: listVersions.bundlePath, sdk: sdkSweep.bundlePath });
  progress('sweep memory');
  const memory = await measureMemory(lab, listVersions.bundlePath);
  progress('real-time guard: event to ACTIVE through the logging trigger');
  const latency = await measureRealtimeLatency(lab, cancel.bundlePath);
  progress(`real-time guard: warm batches of ${settings.BATCH_EVENTS} events against a bare node-fetch loop`);
  const batch = await measureAuditBatch(lab, cancel.bundlePath);
  progress(
    `organization sweep (${settings.ORG_FULL.keys} and ${settings.ORG_HALF.keys} keys) at concurrency ${settings.ORG_CONCURRENCIES.join(', ')}`,
  );
  const organization = await measureOrgSweep(lab, listVersions.bundlePath);
  progress('Monitoring write cost');
  const metricsCost = await measureMetricsCost(lab, listVersions.bundlePath);
  progress('key deletion defense: what the posture and its enforcement add to a sweep');
  const deletionDefense = await measureDeletionDefense(lab, { report: listVersions.bundlePath, guard: cancel.bundlePath });
  const cpus = os.cpus();
  const measured: Omit<BenchResults, 'budgets'> = {
    generatedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      loadAverage: { before: loadBefore, after: os.loadavg()[0]! },
    },
    settings: {
      coldRuns: settings.COLD_RUNS,
      warmProcesses: settings.WARM_PROCESSES,
      warmUpCalls: settings.WARM_UP_CALLS,
      warmCalls: settings.WARM_CALLS,
      sweepLatencyMs: settings.SWEEP_LATENCY_MS,
      sweepVersionsPerKey: settings.SWEEP_VERSIONS_PER_KEY,
      sweepRuns: settings.SWEEP_RUNS,
      memoryRuns: settings.MEMORY_RUNS,
      realtimeProcesses: settings.REALTIME_PROCESSES,
      realtimeEventsPerProcess: settings.REALTIME_EVENTS_PER_PROCESS,
      batchEvents: settings.BATCH_EVENTS,
      batchProcesses: settings.BATCH_PROCESSES,
      batchWarmUps: settings.BATCH_WARM_UPS,
      batchMeasured: settings.BATCH_MEASURED,
      batchOperationPolls: settings.BATCH_OPERATION_POLLS,
      organizationFull: settings.ORG_FULL,
      organizationHalf: settings.ORG_HALF,
      organizationRuns: settings.ORG_RUNS,
      metricsProcesses: settings.METRICS_PROCESSES,
      metricsWarmUps: settings.METRICS_WARM_UPS,
      metricsPairs: settings.METRICS_PAIRS,
      defenseOrganization: settings.DEFENSE_ORG,
      defenseRuns: settings.DEFENSE_RUNS,
      logLevel: settings.BENCH_LOG_LEVEL,
      trust: lab.trust.mode,
    },
    bundles: {
      'list-versions': { bundleBytes: listVersions.bundleBytes, zipBytes: listVersions.zipBytes },
      'cancel-version-destruction': { bundleBytes: cancel.bundleBytes, zipBytes: cancel.zipBytes },
      sdk: { bundleBytes: sdk.bundleBytes, zipBytes: sdk.zipBytes },
    },
    cold,
    warm,
    throughput,
    memory,
    realtime: { latency, batch },
    organization,
    metricsCost,
    deletionDefense,
  };
  results = { ...measured, budgets: checkBudgets(measured) };
} finally {
  await lab.close();
}

await writeFile(RESULTS_PATH, `${JSON.stringify(results, null, 2)}\n`);
console.log(renderReport(results));
console.log(`\nresults: ${path.relative(process.cwd(), RESULTS_PATH)}`);
process.exitCode = results.budgets.every((budget) => budget.pass) ? 0 : 1;
