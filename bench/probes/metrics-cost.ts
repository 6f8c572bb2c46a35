// Probe: what the Monitoring write adds to a report sweep. The list-versions bundle sweeps the same keys
// with MONITORING_FOLDER_ID set (the write goes to the emulator) and unset, taking turns, in this process;
// each sweep's CPU time (process.cpuUsage(), user + system) is taken around the invocation, and the
// emulator's request log, cleared before and read after, counts the requests it made. The first sweep is
// the process's cold one and is reported apart.
import { measuredRun } from './json-http.ts';
import { fail, type Handler, invocationContext, readJob, report } from './probe-io.ts';

export interface MetricsCostJob {
  bundle: string;
  emulatorUrl: string;
  event: unknown;
  token: string;
  remainingMs: number;
  monitoringFolderId: string;
  /** Whether the cold (first) sweep writes. */
  firstWrites: boolean;
  warmUps: number;
  pairs: number;
  /** Versions the sweep must read, so a fast but failing sweep never counts. */
  versions: number;
}

export interface MetricsSweep {
  writes: boolean;
  cpuMs: number;
  ms: number;
  requests: number;
  monitoringWrites: number;
}

export interface MetricsCostResult {
  cold: MetricsSweep;
  warm: MetricsSweep[];
  maxRssKb: number;
}

interface SweepReport {
  versionsScanned: number;
  complete: boolean;
}

async function main(): Promise<void> {
  const job = readJob<MetricsCostJob>();
  const { handler } = require(job.bundle) as { handler: Handler };
  const sweep = async (writes: boolean): Promise<MetricsSweep> => {
    // The environment is read at every invocation: this is how a deployed function with and without the
    // variable differs.
    if (writes) process.env.MONITORING_FOLDER_ID = job.monitoringFolderId;
    else delete process.env.MONITORING_FOLDER_ID;
    const run = await measuredRun(
      job.emulatorUrl,
      async () => (await handler(job.event, invocationContext(job.token, job.remainingMs))) as SweepReport,
    );
    const answer = run.value;
    if (!answer.complete || answer.versionsScanned !== job.versions) {
      throw new Error(`the sweep read ${answer.versionsScanned} of ${job.versions} versions (complete: ${answer.complete})`);
    }
    const requests = Object.values(run.routes).reduce((sum, n) => sum + n, 0);
    return { writes, cpuMs: run.cpuMs, ms: run.ms, requests, monitoringWrites: run.routes.monitoringWrite ?? 0 };
  };

  const cold = await sweep(job.firstWrites);
  for (let i = 0; i < job.warmUps; i++) await sweep(i % 2 === 0);
  const warm: MetricsSweep[] = [];
  for (let i = 0; i < job.pairs; i++) {
    // Taking turns which goes first, so neither always follows the other's garbage.
    const first = i % 2 === 0;
    warm.push(await sweep(first));
    warm.push(await sweep(!first));
  }
  report({ cold, warm });
}

main().catch(fail);
