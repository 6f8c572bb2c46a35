// Bundles the probes into plain CommonJS files, so children run with bare `node` (no TypeScript loader
// in the measured process).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { nodeBuiltinsInsteadOfPolyfills } from '../../scripts/lib/bundle-functions.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROBES = [
  'cold-start',
  'https-get',
  'fetch-get',
  'sweep',
  'warm-overhead',
  'fetch-sweep',
  'realtime-latency',
  'audit-batch',
  'org-fetch-sweep',
  'metrics-cost',
] as const;
export type ProbeName = (typeof PROBES)[number];

export async function buildProbes(outDir: string): Promise<Record<ProbeName, string>> {
  const paths = {} as Record<ProbeName, string>;
  for (const name of PROBES) {
    const outfile = path.join(outDir, `${name}.cjs`);
    await esbuild.build({
      entryPoints: [path.join(HERE, `${name}.ts`)],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      // node-fetch as the functions ship it, without the polyfills they swap for Node built-ins.
      plugins: [nodeBuiltinsInsteadOfPolyfills],
    });
    paths[name] = outfile;
  }
  return paths;
}
