// Probe: the real-time guard end to end, in this fresh process. An emulator and the local function host
// (serving the cancel bundle, with a Cloud Logging trigger on the emulator's audit records, cutoff 0) run
// here on 127.0.0.1; a destruction is scheduled through the emulator's REST API, and the clock runs until
// the emulator records the version's cancel as DONE (the moment it is ACTIVE again). One event at a time,
// each on its own key; the first is not recorded (it pays for the handler's first requests).
import type { AuditLogEntry, SeedData, SeedKey } from '../../local/emulator/index.ts';
import { startEmulator } from '../../local/emulator/index.ts';
import { startHost } from '../../local/host/index.ts';
import { SCHEDULE_EVENT, scheduleDestruction } from './json-http.ts';
import { fail, type Handler, msSince, readJob, report } from './probe-io.ts';

const FUNCTION = 'cancel-version-destruction';
const CANCEL = 'yandex.cloud.audit.kms.CancelSymmetricKeyVersionDestruction';
/** Every event leaves four records (schedule and cancel, STARTED and DONE), each one trigger delivery. */
const DELIVERIES_PER_EVENT = 4;

export interface RealtimeLatencyJob {
  bundle: string;
  token: string;
  /** Keys with an ACTIVE version that is not primary, one per event; the first is the unrecorded event. */
  seed: SeedData;
  /** The emulator's `operationPolls` for each recorded event, in turn (0: done at once; 1: at the first poll). */
  operationPolls: number[];
  logLevel: string;
}

export interface EventTiming {
  operationPolls: number;
  /** Schedule POST sent -> the cancel's DONE record (the version is ACTIVE). */
  totalMs: number;
  /** Schedule POST sent -> the schedule's DONE record (the event the trail writes). */
  scheduledMs: number;
  /** The schedule's DONE record -> the cancel request received (trigger, host, handler, request). */
  toCancelMs: number;
  /** The cancel received -> its DONE record (the emulator's work, and the handler's polls if any). */
  cancelMs: number;
}

export interface RealtimeLatencyResult {
  first: EventTiming;
  events: EventTiming[];
  maxRssKb: number;
}

interface Marks {
  scheduled?: bigint;
  cancelReceived?: bigint;
  active?: bigint;
}

async function main(): Promise<void> {
  const job = readJob<RealtimeLatencyJob>();
  const emulator = await startEmulator({ seed: job.seed, tokens: [job.token], logRequests: false });
  // Subscribed before the trigger, so each mark is taken as the record is made, not after the trigger's
  // synchronous share of the handler's work.
  let watched: { keyId: string; versionId: string; marks: Marks; done: () => void } | undefined;
  emulator.audit.subscribe((entry: AuditLogEntry) => {
    const now = process.hrtime.bigint();
    const event = entry.json_payload;
    if (!watched || event.request_parameters.key_id !== watched.keyId || event.request_parameters.version_id !== watched.versionId) return;
    if (event.event_type === SCHEDULE_EVENT && event.event_status === 'DONE') watched.marks.scheduled = now;
    if (event.event_type === CANCEL && event.event_status === 'STARTED') watched.marks.cancelReceived = now;
    if (event.event_type === CANCEL && event.event_status === 'DONE') {
      watched.marks.active = now;
      watched.done();
    }
  });
  Object.assign(process.env, { KMS_ENDPOINT: emulator.url, OPERATION_ENDPOINT: emulator.url, LOG_LEVEL: job.logLevel });
  const { handler } = require(job.bundle) as { handler: Handler };
  let deliveries = 0;
  const problems: string[] = [];
  const host = await startHost({
    functions: { [FUNCTION]: handler },
    token: () => job.token,
    loggingTriggers: [{ functionName: FUNCTION, source: emulator.audit, cutoffMs: 0 }],
    log: (line) => {
      if (!line.startsWith('[host] logging ->')) return;
      deliveries++;
      if (!/ ok \d+ms/.test(line)) problems.push(line);
    },
  });

  const runEvent = async (keyId: string, versionId: string, operationPolls: number): Promise<EventTiming> => {
    emulator.configure({ operationPolls });
    const expectedDeliveries = deliveries + DELIVERIES_PER_EVENT;
    const marks: Marks = {};
    const active = new Promise<void>((resolve) => {
      watched = { keyId, versionId, marks, done: resolve };
    });
    const sent = process.hrtime.bigint();
    // With polls required, the destruction is scheduled (and its DONE record written) at the first poll.
    await scheduleDestruction(emulator.url, job.token, keyId, versionId);
    await active;
    // Every delivery of this event's records settled before the next one starts.
    while (deliveries < expectedDeliveries) await new Promise((resolve) => setTimeout(resolve, 1));
    watched = undefined;
    if (problems.length > 0) throw new Error(`the logging trigger's invocations did not all succeed: ${problems.join(' | ')}`);
    const status = emulator.version(keyId, versionId)?.status;
    if (status !== 'ACTIVE') throw new Error(`${keyId}/${versionId} is ${status} after the guard, not ACTIVE`);
    const ms = (from: bigint, to: bigint) => Number(to - from) / 1e6;
    return {
      operationPolls,
      totalMs: ms(sent, marks.active!),
      scheduledMs: ms(sent, marks.scheduled!),
      toCancelMs: ms(marks.scheduled!, marks.cancelReceived!),
      cancelMs: ms(marks.cancelReceived!, marks.active!),
    };
  };

  const versionOf = (index: number) => {
    const key = job.seed.keys[index] as SeedKey;
    return { keyId: key.id, versionId: key.versions[0]!.id };
  };
  const start = process.hrtime.bigint();
  const firstEvent = versionOf(0);
  const first = await runEvent(firstEvent.keyId, firstEvent.versionId, 0);
  const events: EventTiming[] = [];
  for (const [index, polls] of job.operationPolls.entries()) {
    const { keyId, versionId } = versionOf(index + 1);
    events.push(await runEvent(keyId, versionId, polls));
  }
  await host.close();
  await emulator.close();
  report({ first, events, probeMs: msSince(start) });
}

main().catch(fail);
