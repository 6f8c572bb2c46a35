// Probe: the bare bound for an organization sweep. node-fetch, a keep-alive agent and one pool of
// `concurrency` requests that every level shares, as the sweep's does: ListClouds of the organization,
// ListFolders of each cloud, List keys of each ACTIVE folder, ListVersions of each key, every page
// (pageSize 1000, as ours asks), each answer parsed. Nothing else: no validation, no report.
import http from 'node:http';
import fetch from 'node-fetch';
import { type MemoryPeak, sampleMemory } from './memory-sampler.ts';
import { fail, msSince, readJob, report } from './probe-io.ts';

export interface OrgFetchSweepJob {
  /** KMS and Resource Manager (the emulator serves both). */
  url: string;
  organizationId: string;
  concurrency: number;
  token: string;
}

export interface OrgFetchSweepResult {
  sweepMs: number;
  requests: number;
  clouds: number;
  folders: number;
  keys: number;
  versions: number;
  /** Sampled as in our sweep's probe, so both pay the same for it. */
  memory: MemoryPeak;
  maxRssKb: number;
}

interface Page {
  nextPageToken?: string;
  clouds?: Array<{ id: string }>;
  folders?: Array<{ id: string; status?: string }>;
  keys?: Array<{ id: string }>;
  keyVersions?: unknown[];
}

async function main(): Promise<void> {
  const job = readJob<OrgFetchSweepJob>();
  const agent = new http.Agent({ keepAlive: true });
  const headers = { Authorization: `Bearer ${job.token}`, Accept: 'application/json' };
  const counts = { requests: 0, clouds: 0, folders: 0, keys: 0, versions: 0 };

  // One FIFO queue of listings and `concurrency` slots, like shared/concurrency.ts's WorkPool.
  const waiting: Array<() => Promise<void>> = [];
  let running = 0;
  let drained: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    drained = resolve;
  });
  let failure: unknown;
  const pump = () => {
    while (running < job.concurrency && waiting.length > 0) {
      const task = waiting.shift()!;
      running++;
      task()
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => {
          running--;
          pump();
          if (running === 0 && waiting.length === 0) drained();
        });
    }
  };
  const add = (task: () => Promise<void>) => {
    waiting.push(task);
    pump();
  };

  const get = async (path: string, query: Record<string, string>, pageToken?: string): Promise<Page> => {
    const params = new URLSearchParams({ ...query, pageSize: '1000', ...(pageToken ? { pageToken } : {}) });
    counts.requests++;
    const response = await fetch(`${job.url}${path}?${params}`, { headers, agent });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as Page;
  };
  /** Every page of one list, one request at a time (a list's pages cannot be read in parallel). */
  const listAll = async (path: string, query: Record<string, string>, each: (page: Page) => void) => {
    let pageToken: string | undefined;
    do {
      const page = await get(path, query, pageToken);
      each(page);
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
  };

  const listVersions = (keyId: string) =>
    add(() =>
      listAll(`/kms/v1/keys/${keyId}/versions`, {}, (page) => {
        counts.versions += page.keyVersions?.length ?? 0;
      }),
    );
  const listKeys = (folderId: string) =>
    add(() =>
      listAll('/kms/v1/keys', { folderId }, (page) => {
        for (const key of page.keys ?? []) {
          counts.keys++;
          listVersions(key.id);
        }
      }),
    );
  const listFolders = (cloudId: string) =>
    add(() =>
      listAll('/resource-manager/v1/folders', { cloudId }, (page) => {
        for (const folder of page.folders ?? []) {
          if (folder.status !== undefined && folder.status !== 'ACTIVE') continue;
          counts.folders++;
          listKeys(folder.id);
        }
      }),
    );

  const memoryPeak = sampleMemory();
  const start = process.hrtime.bigint();
  add(() =>
    listAll('/resource-manager/v1/clouds', { organizationId: job.organizationId }, (page) => {
      for (const cloud of page.clouds ?? []) {
        counts.clouds++;
        listFolders(cloud.id);
      }
    }),
  );
  await done;
  const sweepMs = msSince(start);
  const memory = memoryPeak();
  if (failure) throw failure;
  report({ sweepMs, ...counts, memory });
}

main().catch(fail);
