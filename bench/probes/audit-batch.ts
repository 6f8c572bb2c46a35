// Probe: a warm cancel handler with a Cloud Logging batch of DONE schedule records (one per key, as the
// emulator records them), against a bare node-fetch loop sending the same requests: one cancel POST per
// version and the polls of its operation, with the handler's pauses before each poll, at the same
// concurrency. Before every batch the versions are scheduled again through the emulator's REST API; the
// emulator's request log, cleared before and read after each batch, counts what each side sent.
import http from 'node:http';
import fetch from 'node-fetch';
import type { AuditLogEntry } from '../../local/emulator/index.ts';
import { loggingBatchEvent } from '../../local/host/trigger-events.ts';
import { mapConcurrent } from '../../shared/concurrency.ts';
import { measuredRun, requestJson, SCHEDULE_EVENT, scheduleDestruction } from './json-http.ts';
import { fail, type Handler, invocationContext, readJob, report } from './probe-io.ts';

export interface AuditBatchJob {
  bundle: string;
  /** The emulator: KMS, Operation and admin API. */
  emulatorUrl: string;
  token: string;
  remainingMs: number;
  targets: Array<{ keyId: string; versionId: string }>;
  concurrency: number;
  warmUps: number;
  batches: number;
}

export interface BatchRun {
  ms: number;
  /** CPU time of this process (user + system) during the batch. */
  cpuMs: number;
  /** Requests the emulator received during the batch, by route. */
  routes: Record<string, number>;
}

export interface AuditBatchResult {
  handler: BatchRun[];
  bare: BatchRun[];
  maxRssKb: number;
}

/** Scheduling is set-up, not measured: as many in flight as the emulator takes without fuss. */
const SET_UP_CONCURRENCY = 25;

interface Operation {
  id: string;
  done?: boolean;
  error?: unknown;
}

interface AuditAnswer {
  summary?: { cancelled?: number };
  results?: unknown[];
}

async function main(): Promise<void> {
  const job = readJob<AuditBatchJob>();
  const { handler } = require(job.bundle) as { handler: Handler };
  // The bare loop: node-fetch with a keep-alive agent, as our transport uses.
  const agent = new http.Agent({ keepAlive: true });
  const headers = { Authorization: `Bearer ${job.token}`, Accept: 'application/json' };
  const wanted = new Set(job.targets.map((t) => `${t.keyId}/${t.versionId}`));

  /** Schedules every target again and returns the DONE records, in the order the emulator made them. */
  const scheduleAll = async (): Promise<AuditLogEntry[]> => {
    await requestJson('DELETE', `${job.emulatorUrl}/_emulator/audit`);
    await mapConcurrent(job.targets, SET_UP_CONCURRENCY, (t) => scheduleDestruction(job.emulatorUrl, job.token, t.keyId, t.versionId));
    const answer = await requestJson('GET', `${job.emulatorUrl}/_emulator/audit`);
    const records = ((answer.body as { entries: AuditLogEntry[] }).entries ?? []).filter((entry) => {
      const event = entry.json_payload;
      const pair = `${event.request_parameters.key_id}/${event.request_parameters.version_id}`;
      return event.event_type === SCHEDULE_EVENT && event.event_status === 'DONE' && wanted.has(pair);
    });
    if (records.length !== job.targets.length)
      throw new Error(`expected ${job.targets.length} DONE schedule records, found ${records.length}`);
    return records;
  };

  const measure = async (work: () => Promise<unknown>): Promise<BatchRun> => {
    const { ms, cpuMs, routes } = await measuredRun(job.emulatorUrl, work);
    return { ms, cpuMs, routes };
  };

  const viaHandler = async (): Promise<BatchRun> => {
    const event = loggingBatchEvent(await scheduleAll());
    return measure(async () => {
      const answer = (await handler(event, invocationContext(job.token, job.remainingMs))) as AuditAnswer;
      if (answer.summary?.cancelled !== job.targets.length) {
        throw new Error(
          `the handler cancelled ${answer.summary?.cancelled} of ${job.targets.length}: ${JSON.stringify(answer).slice(0, 500)}`,
        );
      }
    });
  };

  const getJson = async (url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) => {
    const response = await fetch(url, { ...init, headers: { ...headers, ...init.headers }, agent });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as Operation;
  };
  const viaBare = async (): Promise<BatchRun> => {
    await scheduleAll();
    return measure(() =>
      mapConcurrent(job.targets, job.concurrency, async ({ keyId, versionId }) => {
        let operation = await getJson(`${job.emulatorUrl}/kms/v1/keys/${keyId}:cancelVersionDestruction`, {
          method: 'POST',
          body: JSON.stringify({ versionId }),
          headers: { 'Content-Type': 'application/json' },
        });
        // The handler's schedule (shared/kms/operations.ts): 50 ms before the first poll, then 1.6x each time.
        let delay = 50;
        while (!operation.done) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          operation = await getJson(`${job.emulatorUrl}/operations/${operation.id}`);
          delay = Math.min(1_000, Math.round(delay * 1.6));
        }
        if (operation.error) throw new Error(`cancel of ${keyId}/${versionId} failed: ${JSON.stringify(operation.error)}`);
      }),
    );
  };

  for (let i = 0; i < job.warmUps; i++) {
    await viaHandler();
    await viaBare();
  }
  const handlerRuns: BatchRun[] = [];
  const bareRuns: BatchRun[] = [];
  for (let i = 0; i < job.batches; i++) {
    // Taking turns which goes first, so neither always follows the other's garbage.
    if (i % 2 === 0) {
      handlerRuns.push(await viaHandler());
      bareRuns.push(await viaBare());
    } else {
      bareRuns.push(await viaBare());
      handlerRuns.push(await viaHandler());
    }
  }
  report({ handler: handlerRuns, bare: bareRuns });
}

main().catch(fail);
