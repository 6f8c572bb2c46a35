// Probe: a cold start. Loads a bundle in this fresh process and makes its first (HTTP event) call.
import { fail, type Handler, invocationContext, msSince, readJob, report } from './probe-io.ts';

export interface ColdStartJob {
  bundle: string;
  event: unknown;
  token: string;
  remainingMs: number;
}

export interface ColdStartResult {
  loadMs: number;
  /** require plus the first call, as a cold invocation costs beyond node's own start-up. */
  firstInvocationMs: number;
  statusCode: number;
  maxRssKb: number;
}

async function main(): Promise<void> {
  const job = readJob<ColdStartJob>();
  const start = process.hrtime.bigint();
  const { handler } = require(job.bundle) as { handler: Handler };
  const loadMs = msSince(start);
  const answer = (await handler(job.event, invocationContext(job.token, job.remainingMs))) as { statusCode?: number };
  const firstInvocationMs = msSince(start);
  report({ loadMs, firstInvocationMs, statusCode: answer.statusCode ?? 0 });
}

main().catch(fail);
