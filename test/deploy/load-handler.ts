import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ProcessRun, runNode } from './run-serverless.ts';

export interface LoadedHandler {
  /** `typeof` the export the entrypoint names. */
  type: string;
  /** True when the module loaded as an ES module: the runtime loads CommonJS. */
  esm: boolean;
}

// Runs in the fresh process: require the file as the runtime does and describe the named export.
const PROBE = `
const [file, exportName] = process.argv.slice(1);
const mod = require(file);
const esm = Object.prototype.toString.call(mod) === '[object Module]';
process.stdout.write(JSON.stringify({ type: typeof mod[exportName], esm }));
`;

/**
 * Loads `code` (a bundle taken out of a function's zip) in a new node process, from a directory outside
 * the project so nothing but the bundle itself can be found, with an empty configuration environment.
 */
export async function loadHandlerInFreshNode(
  code: Uint8Array,
  fileName: string,
  exportName: string,
): Promise<LoadedHandler & { run: ProcessRun }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kms-guard-handler-'));
  try {
    await writeFile(path.join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    await writeFile(path.join(dir, fileName), code);
    const run = await runNode(['-e', PROBE, path.join(dir, fileName), exportName], dir, { HOME: dir });
    if (run.code !== 0) return { type: 'not loaded', esm: false, run };
    return { ...(JSON.parse(run.stdout) as LoadedHandler), run };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
