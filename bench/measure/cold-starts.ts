// Cold starts: fresh `node` processes, round-robin over the targets so drift touches all of them alike.
import type { ColdStartJob, ColdStartResult } from '../probes/cold-start.ts';
import type { HttpsGetJob, HttpsGetResult } from '../probes/https-get.ts';
import { mbFromKib } from '../report/results.ts';
import { runChild } from '../run/child.ts';
import { cancelEvent, listVersionsEvent } from '../run/events.ts';
import type { Lab } from '../run/lab.ts';
import { scheduledVersionOf } from '../run/seeds.ts';
import { type Summary, summarize } from '../run/stats.ts';
import { BENCH_TOKEN, COLD_RUNS, INVOCATION_TIME_MS } from '../settings.ts';

/**
 * Our two bundles, the SDK comparator, one bare node:https GET (the first invocation's floor), one bare
 * node-fetch GET (what our transport's library alone pays), `node -e 0`.
 */
export type ColdTarget = 'list-versions' | 'cancel-version-destruction' | 'sdk' | 'https-floor' | 'fetch-floor' | 'floor';

/** The targets that are one bare GET, and the probe that makes it. */
const BARE_GETS = { 'https-floor': 'https-get', 'fetch-floor': 'fetch-get' } as const;

export interface ColdFigures {
  loadMs?: Summary;
  firstInvocationMs?: Summary;
  peakRssMb: Summary;
  /** Spawn to exit as the parent saw it: node's start-up, the probe, the work and exit. */
  wallMs: Summary;
}

interface ColdBundles {
  'list-versions': string;
  'cancel-version-destruction': string;
  sdk: string;
}

interface Samples {
  loadMs: number[];
  firstInvocationMs: number[];
  peakRssMb: number[];
  wallMs: number[];
}

const emptySamples = (): Samples => ({ loadMs: [], firstInvocationMs: [], peakRssMb: [], wallMs: [] });

// What `node -e 0` costs, with just enough code to say how much memory it took.
export const FLOOR_SCRIPT = "process.stdout.write('BENCH_RESULT '+JSON.stringify({maxRssKb:process.resourceUsage().maxRSS})+'\\n')";

export async function measureColdStarts(lab: Lab, bundles: ColdBundles): Promise<Record<ColdTarget, ColdFigures>> {
  const targets: ColdTarget[] = ['list-versions', 'cancel-version-destruction', 'sdk', 'https-floor', 'fetch-floor', 'floor'];
  const samples = Object.fromEntries(targets.map((target) => [target, emptySamples()])) as Record<ColdTarget, Samples>;
  const listKey = lab.seed.sweepKeys[0]!.id;

  // Round -1 is not recorded: it pays for reading the bundles into the page cache.
  for (let run = -1; run < COLD_RUNS; run++) {
    for (const target of targets) {
      const into = run < 0 ? emptySamples() : samples[target];
      if (target === 'floor') {
        const { result, wallMs } = await runChild<{ maxRssKb: number }>({ args: lab.nodeArgs('-e', FLOOR_SCRIPT), env: lab.childEnv({}) });
        into.peakRssMb.push(mbFromKib(result.maxRssKb));
        into.wallMs.push(wallMs);
        continue;
      }
      if (target === 'https-floor' || target === 'fetch-floor') {
        // The URL list-versions asks for, on the same TLS emulator, trusted the same way.
        const job: HttpsGetJob = { url: `${lab.tlsEmulator.url}/kms/v1/keys/${listKey}/versions`, token: BENCH_TOKEN };
        const { result, wallMs } = await runChild<HttpsGetResult>({
          args: lab.nodeArgs(lab.probes[BARE_GETS[target]], JSON.stringify(job)),
          env: lab.childEnv({}),
        });
        if (result.statusCode !== 200) throw new Error(`cold start of ${target}: the GET answered ${result.statusCode}, not 200`);
        into.loadMs.push(result.loadMs);
        into.firstInvocationMs.push(result.firstInvocationMs);
        into.peakRssMb.push(mbFromKib(result.maxRssKb));
        into.wallMs.push(wallMs);
        continue;
      }
      // Each cancel run takes another key's scheduled version, so every run really cancels one.
      const cancelKey = lab.seed.sweepKeys[run + 1]!;
      const job: ColdStartJob = {
        bundle: bundles[target],
        event:
          target === 'cancel-version-destruction' ? cancelEvent(cancelKey.id, scheduledVersionOf(cancelKey)) : listVersionsEvent(listKey),
        token: BENCH_TOKEN,
        remainingMs: INVOCATION_TIME_MS,
      };
      const env = target === 'sdk' ? lab.childEnv({ KMS_GRPC_ENDPOINT: lab.grpc.endpoint }) : lab.handlerEnv(lab.tlsEmulator.url);
      const { result, wallMs } = await runChild<ColdStartResult>({
        args: lab.nodeArgs(lab.probes['cold-start'], JSON.stringify(job)),
        env,
      });
      if (result.statusCode !== 200) throw new Error(`cold start of ${target}: the first call answered ${result.statusCode}, not 200`);
      into.loadMs.push(result.loadMs);
      into.firstInvocationMs.push(result.firstInvocationMs);
      into.peakRssMb.push(mbFromKib(result.maxRssKb));
      into.wallMs.push(wallMs);
    }
  }

  return Object.fromEntries(
    targets.map((target) => {
      const s = samples[target];
      const figures: ColdFigures = { peakRssMb: summarize(s.peakRssMb), wallMs: summarize(s.wallMs) };
      if (s.loadMs.length) {
        figures.loadMs = summarize(s.loadMs);
        figures.firstInvocationMs = summarize(s.firstInvocationMs);
      }
      return [target, figures];
    }),
  ) as Record<ColdTarget, ColdFigures>;
}
