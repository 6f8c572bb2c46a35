// Probe: the floor under a first invocation. One bare `node:https` GET of the URL list-versions asks KMS
// for, to the emulator serving TLS, in this fresh process with the same certificate trust as the cold
// starts: loading node:https, building the root store, the TLS handshake, the answer read and parsed.
import type { IncomingMessage } from 'node:http';
import { fail, msSince, readJob, report } from './probe-io.ts';

export interface HttpsGetJob {
  url: string;
  token: string;
}

export interface HttpsGetResult {
  /** require('node:https'), as `loadMs` is require() of a bundle. */
  loadMs: number;
  /** The require plus the GET, read to the end and parsed, as `firstInvocationMs` is for a bundle. */
  firstInvocationMs: number;
  statusCode: number;
  maxRssKb: number;
}

async function main(): Promise<void> {
  const job = readJob<HttpsGetJob>();
  const start = process.hrtime.bigint();
  // Required here, not imported at the top, so that loading it counts as loading a bundle does.
  const https = require('node:https') as typeof import('node:https');
  const loadMs = msSince(start);
  const headers = { Authorization: `Bearer ${job.token}`, Accept: 'application/json' };
  const { statusCode, text } = await new Promise<{ statusCode: number; text: string }>((resolve, reject) => {
    https
      .get(job.url, { headers }, (response: IncomingMessage) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, text }));
      })
      .on('error', reject);
  });
  JSON.parse(text);
  const firstInvocationMs = msSince(start);
  report({ loadMs, firstInvocationMs, statusCode });
}

main().catch(fail);
