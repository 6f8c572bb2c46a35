// Where the time of a sweep or of a first invocation goes, against its floor:
//   npx tsx bench/profile/profile.ts sweep [concurrency=32] [runs=3]
//   npx tsx bench/profile/profile.ts first-invocation [runs=10]
// "sweep" runs the sweep probe on an unminified list-versions bundle (so the profile names our functions)
// and the bare node-fetch loop, against the emulator with the bench's +20 ms on every request;
// "first-invocation" runs the cold-start probe (list-versions, one HTTP-event call) and the bare node:https
// GET, against the emulator serving TLS, with the bench's certificate trust. Each in fresh processes under
// `node --cpu-prof`; it prints the self time of each by source file, the busiest functions of ours, and
// where ours spends more than its floor. Not part of `npm run bench`. PROFILE_DIR=dir keeps the
// .cpuprofile files there (for DevTools); without it they go with the bench's temp dir.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { BUNDLE_OPTIONS, nodeBuiltinsInsteadOfPolyfills, PROJECT_ROOT } from '../../scripts/lib/bundle-functions.ts';
import { keyIdsOf, throughputKeysAt } from '../measure/sweeps.ts';
import type { ColdStartJob } from '../probes/cold-start.ts';
import type { FetchSweepJob } from '../probes/fetch-sweep.ts';
import type { HttpsGetJob } from '../probes/https-get.ts';
import type { SweepJob } from '../probes/sweep.ts';
import { runChild } from '../run/child.ts';
import { listVersionsEvent, sweepEvent } from '../run/events.ts';
import { openLab } from '../run/lab.ts';
import { BENCH_TOKEN, INVOCATION_TIME_MS, SWEEP_LATENCY_MS } from '../settings.ts';

const mode = process.argv[2] ?? 'sweep';
if (mode !== 'sweep' && mode !== 'first-invocation')
  throw new Error('usage: profile.ts sweep [concurrency] [runs] | first-invocation [runs]');
const concurrency = mode === 'sweep' ? Number(process.argv[3] ?? 32) : 0;
const runs = Number((mode === 'sweep' ? process.argv[4] : process.argv[3]) ?? (mode === 'sweep' ? 3 : 10));
/** Sampling interval (µs): a first invocation lasts tens of ms, so it is sampled ten times as often. */
const interval = mode === 'sweep' ? 1000 : 100;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Line ranges of a non-minified esbuild bundle, by the `// path` comment esbuild puts before each module. */
async function moduleRanges(file: string): Promise<Array<{ line: number; module: string }>> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const ranges: Array<{ line: number; module: string }> = [];
  lines.forEach((text, index) => {
    const match = /^\/\/ ((?:shared|functions|local|bench|node_modules)\/\S+)$/.exec(text);
    if (match) ranges.push({ line: index, module: match[1]! });
  });
  return ranges;
}

function moduleAt(ranges: Array<{ line: number; module: string }>, line: number): string {
  // V8 names a sample by the function it is in, and the bundle's top-level code (every module's body, as
  // esbuild inlines them) is in the one function that wraps the file, which starts before any marker.
  let found = '(bundle top level)';
  for (const range of ranges) {
    if (range.line > line) break;
    found = range.module;
  }
  // node_modules/node-fetch/src/index.js -> node-fetch; shared/http/transport.ts stays as it is.
  const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(found);
  return pkg ? pkg[1]! : found;
}

/** Self time (ms) by place: a module of the bundle, a Node internal, or V8's own (GC, program, idle). */
async function selfTimes(profileFile: string, bundles: Map<string, Array<{ line: number; module: string }>>) {
  const profile = JSON.parse(await readFile(profileFile, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const file = frame.url.replace(/^file:\/\//, '');
    const ranges = bundles.get(file);
    let place: string;
    if (ranges) place = moduleAt(ranges, frame.lineNumber);
    else if (file.startsWith('node:')) place = `node internals (${file.replace(/^node:internal\//, '').split('/')[0]})`;
    else if (file === '')
      place = frame.functionName; // (garbage collector), (program), (idle), (root)
    else place = path.basename(file);
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
    const fn = `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  });
  return { byPlace, byFunction };
}

function add(into: Map<string, number>, from: Map<string, number>) {
  for (const [key, value] of from) into.set(key, (into.get(key) ?? 0) + value);
}

/** V8's idle samples: a function's own entry is "(idle) (idle):0". */
const IDLE = /^\(idle\)/;

function print(title: string, totals: Map<string, number>, runCount: number, top: number) {
  const sum = (keep: (key: string) => boolean) =>
    [...totals].filter(([key]) => keep(key)).reduce((total, [, ms]) => total + ms, 0) / runCount;
  const busy = sum((key) => !IDLE.test(key));
  console.log(`\n${title}: ${busy.toFixed(0)} ms busy per run, ${sum((key) => IDLE.test(key)).toFixed(0)} ms idle`);
  for (const [key, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const share = IDLE.test(key) ? '' : `${((ms / runCount / busy) * 100).toFixed(1)}%`;
    console.log(`  ${(ms / runCount).toFixed(1).padStart(8)} ms  ${share.padStart(6)}  ${key}`);
  }
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const lab = await openLab();
try {
  const dir = path.resolve(process.env.PROFILE_DIR || path.join(lab.tmpDir, 'profile'));
  await mkdir(dir, { recursive: true });
  const bundle = path.join(dir, 'list-versions.cjs');
  await esbuild.build({
    ...BUNDLE_OPTIONS,
    minify: false,
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [path.join(PROJECT_ROOT, 'functions', 'list-versions', 'index.ts')],
    outfile: bundle,
    plugins: [nodeBuiltinsInsteadOfPolyfills],
    logLevel: 'warning',
  });
  const ranges = new Map([[bundle, await moduleRanges(bundle)]]);
  for (const probe of Object.values(lab.probes)) ranges.set(probe, await moduleRanges(probe));
  const ours = { places: new Map<string, number>(), functions: new Map<string, number>(), wall: [] as number[] };
  const bare = { places: new Map<string, number>(), functions: new Map<string, number>(), wall: [] as number[] };
  const profiled = (into: string, ...args: string[]) =>
    lab.nodeArgs('--cpu-prof', `--cpu-prof-interval=${interval}`, `--cpu-prof-dir=${into}`, ...args);
  const keys = throughputKeysAt(lab, concurrency);
  const keyId = lab.seed.sweepKeys[0]!.id;
  if (mode === 'sweep') lab.emulator.faults.add({ route: '*', latencyMs: SWEEP_LATENCY_MS });
  for (let run = 0; run < runs; run++) {
    const oursDir = path.join(dir, `ours-${run}`);
    const bareDir = path.join(dir, `bare-${run}`);
    if (mode === 'sweep') {
      const sweepJob: SweepJob = { bundle, event: sweepEvent(), token: BENCH_TOKEN, remainingMs: INVOCATION_TIME_MS };
      const sweep = await runChild<{ sweepMs: number }>({
        args: profiled(oursDir, lab.probes.sweep, JSON.stringify(sweepJob)),
        env: lab.handlerEnv(lab.emulator.url, { KMS_KEY_IDS: keyIdsOf(keys), SWEEP_CONCURRENCY: String(concurrency) }),
      });
      ours.wall.push(sweep.result.sweepMs);
      const fetchJob: FetchSweepJob = {
        client: 'node-fetch',
        kmsUrl: lab.emulator.url,
        keyIds: keys.map((k) => k.id),
        concurrency,
        token: BENCH_TOKEN,
      };
      const loop = await runChild<{ sweepMs: number }>({
        args: profiled(bareDir, lab.probes['fetch-sweep'], JSON.stringify(fetchJob)),
        env: lab.childEnv({}),
      });
      bare.wall.push(loop.result.sweepMs);
    } else {
      const coldJob: ColdStartJob = { bundle, event: listVersionsEvent(keyId), token: BENCH_TOKEN, remainingMs: INVOCATION_TIME_MS };
      const cold = await runChild<{ firstInvocationMs: number }>({
        args: profiled(oursDir, lab.probes['cold-start'], JSON.stringify(coldJob)),
        env: lab.handlerEnv(lab.tlsEmulator.url),
      });
      ours.wall.push(cold.result.firstInvocationMs);
      const getJob: HttpsGetJob = { url: `${lab.tlsEmulator.url}/kms/v1/keys/${keyId}/versions`, token: BENCH_TOKEN };
      const get = await runChild<{ firstInvocationMs: number }>({
        args: profiled(bareDir, lab.probes['https-get'], JSON.stringify(getJob)),
        env: lab.childEnv({}),
      });
      bare.wall.push(get.result.firstInvocationMs);
    }
    for (const [into, from] of [
      [ours, oursDir],
      [bare, bareDir],
    ] as const) {
      for (const file of await readdir(from)) {
        const times = await selfTimes(path.join(from, file), ranges);
        add(into.places, times.byPlace);
        add(into.functions, times.byFunction);
      }
    }
  }
  const floorName = mode === 'sweep' ? 'the bare node-fetch loop' : 'the bare node:https GET';
  const what = mode === 'sweep' ? 'sweep' : 'first invocation (require + call)';
  console.log(
    mode === 'sweep'
      ? `Sweep at concurrency ${concurrency}, ${keys.length} keys, +${SWEEP_LATENCY_MS} ms per request, ${runs} runs each.`
      : `First invocation over HTTPS (list-versions, one page), ${runs} runs each.`,
  );
  console.log(`Whole processes profiled every ${interval} µs (node's start-up included); the profiler slows them down.`);
  console.log(`${what} (mean, profiled): ours ${mean(ours.wall).toFixed(1)} ms, ${floorName} ${mean(bare.wall).toFixed(1)} ms.`);
  print('ours, self time by place', ours.places, runs, 25);
  print('ours, busiest functions', ours.functions, runs, 25);
  print(`${floorName}, self time by place`, bare.places, runs, 15);
  // What ours spends beyond its floor, place by place: where the gap between the two comes from.
  const places = new Set([...ours.places.keys(), ...bare.places.keys()]);
  const gap = [...places]
    .filter((place) => !IDLE.test(place))
    .map((place) => [place, ((ours.places.get(place) ?? 0) - (bare.places.get(place) ?? 0)) / runs] as const)
    .sort((a, b) => b[1] - a[1]);
  const total = gap.reduce((sum, [, ms]) => sum + ms, 0);
  console.log(`\nours minus ${floorName}, by place: ${total.toFixed(0)} ms busy per run in all`);
  for (const [place, ms] of gap.filter(([, ms]) => Math.abs(ms) >= (mode === 'sweep' ? 2 : 0.3)))
    console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${place}`);
  if (process.env.PROFILE_DIR) console.log(`\nprofiles: ${dir}`);
} finally {
  await lab.close();
}
