// Probe: the harness's own bound for a sweep: bare GETs of every key and of its versions (the requests our
// sweep of named keys sends: Get for the key's deletion protection, ListVersions), as many in flight as the
// sweep has, nothing else. With `node:http` it shows what loopback, the emulator and this machine allow;
// with node-fetch, what the client library our transport uses allows.
import http from 'node:http';
import fetch from 'node-fetch';
import { fail, msSince, readJob, report } from './probe-io.ts';

export type BareClient = 'node:http' | 'node-fetch';

export interface FetchSweepJob {
  client: BareClient;
  kmsUrl: string;
  keyIds: string[];
  concurrency: number;
  token: string;
}

export interface FetchSweepResult {
  sweepMs: number;
  maxRssKb: number;
}

type Get = (url: string) => Promise<string>;

function httpGet(agent: http.Agent, headers: Record<string, string>): Get {
  return (url) =>
    new Promise((resolve, reject) => {
      http
        .get(url, { agent, headers }, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => (response.statusCode === 200 ? resolve(text) : reject(new Error(`answered ${response.statusCode}`))));
        })
        .on('error', reject);
    });
}

function fetchGet(agent: http.Agent, headers: Record<string, string>): Get {
  return async (url) => {
    const response = await fetch(url, { headers, agent });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`answered ${response.status}`);
    return text;
  };
}

async function main(): Promise<void> {
  const job = readJob<FetchSweepJob>();
  const agent = new http.Agent({ keepAlive: true });
  const headers = { Authorization: `Bearer ${job.token}`, Accept: 'application/json' };
  const get = job.client === 'node:http' ? httpGet(agent, headers) : fetchGet(agent, headers);
  const urls = job.keyIds.flatMap((keyId) => [
    `${job.kmsUrl}/kms/v1/keys/${keyId}/versions?pageSize=1000`,
    `${job.kmsUrl}/kms/v1/keys/${keyId}`,
  ]);
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      // Parsed, as any client must before it can look at the versions or the key.
      JSON.parse(await get(urls[next++]!));
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  report({ sweepMs: msSince(start) });
}

main().catch(fail);
