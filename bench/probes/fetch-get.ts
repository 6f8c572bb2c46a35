// Probe: what the transport's own library pays for a first call. One bare node-fetch GET of the URL
// list-versions asks KMS for, to the emulator serving TLS, in a fresh process with the same certificate
// trust as the cold starts, node-fetch bundled and loaded on the first call as the functions do it (same
// polyfill shims, a keep-alive agent), the answer read as text and parsed. No validation, no handler.
import type { HttpsGetJob, HttpsGetResult } from './https-get.ts';
import { fail, msSince, readJob, report } from './probe-io.ts';

async function main(): Promise<void> {
  const job = readJob<HttpsGetJob>();
  const start = process.hrtime.bigint();
  // Evaluated here, not at the top: the bundle keeps node-fetch's module body until this import runs.
  const [{ default: fetch }, https] = await Promise.all([import('node-fetch'), import('node:https')]);
  const loadMs = msSince(start);
  const agent = new https.Agent({ keepAlive: true });
  const response = await fetch(job.url, { agent, headers: { Authorization: `Bearer ${job.token}`, Accept: 'application/json' } });
  JSON.parse(await response.text());
  const firstInvocationMs = msSince(start);
  report({ loadMs, firstInvocationMs, statusCode: response.status } satisfies Omit<HttpsGetResult, 'maxRssKb'>);
}

main().catch(fail);
