// Bundles the SDK comparators with the esbuild settings our functions are bundled with, into a temp dir
// (never dist/), and zips them the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BUNDLE_OPTIONS, writeBundle } from '../../scripts/lib/bundle-functions.ts';

interface BuiltComparator {
  bundlePath: string;
  bundleBytes: number;
  zipBytes: number;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The HTTP-event handler (list-versions) the cold starts compare against. */
export function buildSdkHandler(outDir: string): Promise<BuiltComparator> {
  return buildComparator(path.join(HERE, 'index.ts'), outDir);
}

/** The report sweep (timer) the sweep throughput compares against. */
export function buildSdkSweep(outDir: string): Promise<BuiltComparator> {
  return buildComparator(path.join(HERE, 'report-sweep.ts'), outDir);
}

async function buildComparator(entry: string, outDir: string): Promise<BuiltComparator> {
  const bundlePath = path.join(outDir, 'index.js');
  const result = await esbuild.build({
    ...BUNDLE_OPTIONS,
    entryPoints: [entry],
    logLevel: 'error',
    write: false,
    outfile: bundlePath,
  });
  const sizes = await writeBundle(result.outputFiles[0]!.contents, bundlePath, path.join(outDir, `${path.basename(outDir)}.zip`));
  return { bundlePath, ...sizes };
}
