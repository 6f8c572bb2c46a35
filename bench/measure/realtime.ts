// The real-time guard (Audit Trails): how soon a scheduled destruction is undone through the local Cloud
// Logging trigger, and what a warm cancel handler costs over a bare node-fetch loop for a 100-event batch.
import { generateSeed, type SeedKey, startEmulator } from '../../local/emulator/index.ts';
import type { AuditBatchJob, AuditBatchResult, BatchRun } from '../probes/audit-batch.ts';
import type { EventTiming, RealtimeLatencyJob, RealtimeLatencyResult } from '../probes/realtime-latency.ts';
import { runChild } from '../run/child.ts';
import type { Lab } from '../run/lab.ts';
import { ratio, type Summary, summarize } from '../run/stats.ts';
import {
  BATCH_CONCURRENCY,
  BATCH_EVENTS,
  BATCH_MEASURED,
  BATCH_OPERATION_POLLS,
  BATCH_PROCESSES,
  BATCH_WARM_UPS,
  BENCH_LOG_LEVEL,
  BENCH_TOKEN,
  INVOCATION_TIME_MS,
  REALTIME_EVENTS_PER_PROCESS,
  REALTIME_PROCESSES,
  SWEEP_LATENCY_MS,
} from '../settings.ts';

interface LatencyFigures {
  operationPolls: number;
  /** Schedule POST sent -> the version ACTIVE again. */
  totalMs: Summary;
  scheduledMs: Summary;
  toCancelMs: Summary;
  cancelMs: Summary;
}

export interface RealtimeLatencyFigures {
  processes: number;
  /** The first event of each fresh process, not in the rows below: the handler's first requests. */
  first: LatencyFigures;
  /** One row per emulator setting: the cancel's operation done at once (0 polls), or at its first poll. */
  rows: LatencyFigures[];
}

const latencyFigures = (operationPolls: number, timings: EventTiming[]): LatencyFigures => ({
  operationPolls,
  totalMs: summarize(timings.map((t) => t.totalMs)),
  scheduledMs: summarize(timings.map((t) => t.scheduledMs)),
  toCancelMs: summarize(timings.map((t) => t.toCancelMs)),
  cancelMs: summarize(timings.map((t) => t.cancelMs)),
});

/** Each fresh process: one unrecorded event, then events taking turns between 0 and 1 operation polls. */
export async function measureRealtimeLatency(lab: Lab, cancelBundle: string): Promise<RealtimeLatencyFigures> {
  const operationPolls = Array.from({ length: 2 * REALTIME_EVENTS_PER_PROCESS }, (_, i) => i % 2);
  // One key per event, its first version ACTIVE and not primary: scheduling it is allowed.
  const seed = generateSeed({ keys: operationPolls.length + 1, versionsPerKey: 2, idPrefix: 'realtime' });
  const job: RealtimeLatencyJob = { bundle: cancelBundle, token: BENCH_TOKEN, seed, operationPolls, logLevel: BENCH_LOG_LEVEL };
  const first: EventTiming[] = [];
  const events: EventTiming[] = [];
  for (let run = 0; run < REALTIME_PROCESSES; run++) {
    const { result } = await runChild<RealtimeLatencyResult>({
      args: lab.nodeArgs(lab.probes['realtime-latency'], JSON.stringify(job)),
      env: lab.childEnv({}),
    });
    first.push(result.first);
    events.push(...result.events);
  }
  return {
    processes: REALTIME_PROCESSES,
    first: latencyFigures(0, first),
    rows: [0, 1].map((polls) =>
      latencyFigures(
        polls,
        events.filter((e) => e.operationPolls === polls),
      ),
    ),
  };
}

/** What one batch sent, by kind: the budget wants exactly one cancel and its polls per version. */
interface BatchRequests {
  cancels: number;
  polls: number;
  listVersions: number;
  other: number;
}

export interface AuditBatchFigures {
  events: number;
  concurrency: number;
  operationPolls: number;
  latencyMs: number;
  processes: number;
  warmUps: number;
  batches: number;
  handlerMs: Summary;
  bareMs: Summary;
  /** Median handler batch / median bare batch, over every measured batch. */
  ratio: number;
  ratioPerProcess: number[];
  handlerCpuMs: Summary;
  bareCpuMs: Summary;
  /** Every measured handler batch's requests, and the bare loop's. */
  handlerRequests: BatchRequests[];
  bareRequests: BatchRequests[];
  /** Requests per version the budget allows: one cancel plus `operationPolls` polls, nothing else. */
  expected: BatchRequests;
}

function requestsOf(run: BatchRun): BatchRequests {
  const { cancelVersionDestruction = 0, getOperation = 0, listVersions = 0, ...rest } = run.routes;
  return {
    cancels: cancelVersionDestruction,
    polls: getOperation,
    listVersions,
    other: Object.values(rest).reduce((sum, n) => sum + n, 0),
  };
}

export async function measureAuditBatch(lab: Lab, cancelBundle: string): Promise<AuditBatchFigures> {
  // One scheduled version per key: the batch's cancels run SWEEP_CONCURRENCY keys at once.
  const seed = generateSeed({ keys: BATCH_EVENTS, versionsPerKey: 2, idPrefix: 'batch' });
  // Its own emulator: a request log to count with, and operations that take one poll.
  const emulator = await startEmulator({ seed, tokens: [BENCH_TOKEN], operationPolls: BATCH_OPERATION_POLLS });
  try {
    emulator.faults.add({ route: '*', latencyMs: SWEEP_LATENCY_MS });
    const job: AuditBatchJob = {
      bundle: cancelBundle,
      emulatorUrl: emulator.url,
      token: BENCH_TOKEN,
      remainingMs: INVOCATION_TIME_MS,
      targets: (seed.keys as SeedKey[]).map((key) => ({ keyId: key.id, versionId: key.versions[0]!.id })),
      concurrency: BATCH_CONCURRENCY,
      warmUps: BATCH_WARM_UPS,
      batches: BATCH_MEASURED,
    };
    const handler: BatchRun[] = [];
    const bare: BatchRun[] = [];
    const ratioPerProcess: number[] = [];
    for (let run = 0; run < BATCH_PROCESSES; run++) {
      const { result } = await runChild<AuditBatchResult>({
        args: lab.nodeArgs(lab.probes['audit-batch'], JSON.stringify(job)),
        env: lab.handlerEnv(emulator.url, { SWEEP_CONCURRENCY: String(BATCH_CONCURRENCY) }),
        timeoutMs: 300_000,
      });
      handler.push(...result.handler);
      bare.push(...result.bare);
      ratioPerProcess.push(ratio(summarize(result.handler.map((r) => r.ms)).median, summarize(result.bare.map((r) => r.ms)).median));
    }
    const handlerMs = summarize(handler.map((r) => r.ms));
    const bareMs = summarize(bare.map((r) => r.ms));
    return {
      events: BATCH_EVENTS,
      concurrency: BATCH_CONCURRENCY,
      operationPolls: BATCH_OPERATION_POLLS,
      latencyMs: SWEEP_LATENCY_MS,
      processes: BATCH_PROCESSES,
      warmUps: BATCH_WARM_UPS,
      batches: BATCH_MEASURED,
      handlerMs,
      bareMs,
      ratio: ratio(handlerMs.median, bareMs.median),
      ratioPerProcess,
      handlerCpuMs: summarize(handler.map((r) => r.cpuMs)),
      bareCpuMs: summarize(bare.map((r) => r.cpuMs)),
      handlerRequests: handler.map(requestsOf),
      bareRequests: bare.map(requestsOf),
      expected: { cancels: BATCH_EVENTS, polls: BATCH_EVENTS * BATCH_OPERATION_POLLS, listVersions: 0, other: 0 },
    };
  } finally {
    await emulator.close();
  }
}
