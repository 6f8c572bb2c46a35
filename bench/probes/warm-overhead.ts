// Probe: warm calls of the list-versions handler against a bare node-fetch of the same URL, interleaved
// so that drift (GC, the emulator warming up) touches both alike.
import http from 'node:http';
import fetch from 'node-fetch';
import { fail, type Handler, invocationContext, readJob, report } from './probe-io.ts';

export interface WarmJob {
  bundle: string;
  event: unknown;
  /** The URL the handler asks KMS for this event. */
  url: string;
  token: string;
  remainingMs: number;
  warmUpCalls: number;
  calls: number;
}

export interface WarmResult {
  handlerMs: number[];
  fetchMs: number[];
  maxRssKb: number;
}

async function main(): Promise<void> {
  const job = readJob<WarmJob>();
  const { handler } = require(job.bundle) as { handler: Handler };
  // The same client and agent kind our transport uses, so the difference is what the handler adds.
  const agent = new http.Agent({ keepAlive: true });
  const headers = { Authorization: `Bearer ${job.token}`, Accept: 'application/json' };
  const viaHandler = async () => {
    const answer = (await handler(job.event, invocationContext(job.token, job.remainingMs))) as { statusCode: number };
    if (answer.statusCode !== 200) throw new Error(`handler answered ${answer.statusCode}`);
  };
  const viaFetch = async () => {
    const response = await fetch(job.url, { headers, agent });
    await response.text();
    if (response.status !== 200) throw new Error(`fetch answered ${response.status}`);
  };
  const time = async (call: () => Promise<void>) => {
    const start = process.hrtime.bigint();
    await call();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };

  for (let i = 0; i < job.warmUpCalls; i++) {
    await viaHandler();
    await viaFetch();
  }
  const handlerMs: number[] = [];
  const fetchMs: number[] = [];
  for (let i = 0; i < job.calls; i++) {
    // Alternate which goes first so neither always follows the other's garbage.
    if (i % 2 === 0) {
      handlerMs.push(await time(viaHandler));
      fetchMs.push(await time(viaFetch));
    } else {
      fetchMs.push(await time(viaFetch));
      handlerMs.push(await time(viaHandler));
    }
  }
  report({ handlerMs, fetchMs });
}

main().catch(fail);
