// Probe: one report sweep (a timer event) by the list-versions bundle, in this fresh process.
import { fail, type Handler, invocationContext, msSince, readJob, report } from './probe-io.ts';

export interface SweepJob {
  bundle: string;
  event: unknown;
  token: string;
  remainingMs: number;
}

export interface SweepResult {
  sweepMs: number;
  keysScanned: number;
  versionsScanned: number;
  complete: boolean;
  maxRssKb: number;
}

interface SweepReport {
  keysScanned: number;
  versionsScanned: number;
  complete: boolean;
}

async function main(): Promise<void> {
  const job = readJob<SweepJob>();
  const { handler } = require(job.bundle) as { handler: Handler };
  const start = process.hrtime.bigint();
  const sweep = (await handler(job.event, invocationContext(job.token, job.remainingMs))) as SweepReport;
  const sweepMs = msSince(start);
  report({ sweepMs, keysScanned: sweep.keysScanned, versionsScanned: sweep.versionsScanned, complete: sweep.complete });
}

main().catch(fail);
