// Bundles the SDK comparator with the esbuild settings scripts/build.ts uses for our functions,
// into a temp dir (never dist/), and zips it the same way.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { zipSync } from 'fflate';
import { BUNDLE_OPTIONS } from '../../scripts/build.ts';

export interface BuiltComparator {
  bundlePath: string;
  bundleBytes: number;
  zipBytes: number;
}

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'index.ts');

export async function buildSdkHandler(outDir: string): Promise<BuiltComparator> {
  const result = await esbuild.build({
    ...BUNDLE_OPTIONS,
    entryPoints: [ENTRY],
    logLevel: 'error',
    write: false,
    outfile: path.join(outDir, 'index.js'),
  });
  const code = result.outputFiles[0]!.contents;
  await mkdir(outDir, { recursive: true });
  const bundlePath = path.join(outDir, 'index.js');
  await writeFile(bundlePath, code);
  const zip = zipSync({ 'index.js': [code, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') }] });
  await writeFile(path.join(outDir, 'sdk-handler.zip'), zip);
  return { bundlePath, bundleBytes: code.byteLength, zipBytes: zip.byteLength };
}
