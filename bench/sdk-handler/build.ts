// Bundles the SDK comparator with the esbuild settings our functions are bundled with, into a temp dir
// (never dist/), and zips it the same way.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BUNDLE_OPTIONS, writeBundle } from '../../scripts/lib/bundle-functions.ts';

export interface BuiltComparator {
  bundlePath: string;
  bundleBytes: number;
  zipBytes: number;
}

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'index.ts');

export async function buildSdkHandler(outDir: string): Promise<BuiltComparator> {
  const bundlePath = path.join(outDir, 'index.js');
  const result = await esbuild.build({
    ...BUNDLE_OPTIONS,
    entryPoints: [ENTRY],
    logLevel: 'error',
    write: false,
    outfile: bundlePath,
  });
  const sizes = await writeBundle(result.outputFiles[0]!.contents, bundlePath, path.join(outDir, 'sdk-handler.zip'));
  return { bundlePath, ...sizes };
}
