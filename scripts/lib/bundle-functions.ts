// How the functions are bundled: esbuild settings, the polyfill shims, and the zip the platform takes.
// Used by `npm run build`, `npm start` and the bench, so all three run the same bundles.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { zipSync } from 'fflate';

interface BuiltFunction {
  name: string;
  bundlePath: string;
  zipPath: string;
  bundleBytes: number;
  zipBytes: number;
  /** Source files esbuild put in the bundle, relative to the project root. */
  inputs: string[];
}

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// A fixed timestamp keeps zips byte-identical between builds of the same code.
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

/**
 * Code node-fetch carries for runtimes older than ours, swapped for what Node 20+ has built in, so a cold
 * start does not pay for it:
 * - the web-streams polyfill (60 KB) and fetch-blob's streams.cjs, which only fill in ReadableStream and
 *   Blob.prototype.stream where they are missing (touching ReadableStream loads node:stream/web);
 * - node-domexception, which may load worker_threads to find DOMException, a global since Node 17;
 * - the multipart parser behind Response.formData(), which no function calls;
 * - node:zlib, which node-fetch imports at the top but needs only to decompress a compressed answer:
 *   loaded on first use instead;
 * - fetch-blob/from.js (blobFrom, fileFrom: Blobs from files), which node-fetch only re-exports; its top
 *   level loads fs/promises, and with it readline and the file watchers;
 * - fetch-blob and its File, polyfills of Blob and File, both globals since Node 20;
 * - formdata-polyfill, whose FormData is a global since Node 18 and whose FormData-to-Blob encoder only a
 *   FormData request body needs (no function sends one);
 * - data-uri-to-buffer, which only a fetch of a data: URL needs (every endpoint is http(s), checked);
 * - the Referer policy of browsers (utils/referrer.js): a function sets no referrer and follows no redirect,
 *   so it never sends a Referer header; the policy names are still checked as node-fetch checks them.
 */
const SHIMS: Record<string, string> = {
  'web-streams': "module.exports = require('node:stream/web');",
  'fetch-blob-streams': '',
  'dom-exception': 'module.exports = globalThis.DOMException;',
  multipart: "export function toFormData() { throw new Error('formData() is not supported'); }",
  'blob-from-file': [
    'export const Blob = globalThis.Blob, File = globalThis.File;',
    "const unsupported = () => { throw new Error('Blobs from files are not supported'); };",
    'export const blobFrom = unsupported, blobFromSync = unsupported, fileFrom = unsupported, fileFromSync = unsupported;',
  ].join('\n'),
  blob: 'export const Blob = globalThis.Blob; export default Blob;',
  file: 'export const File = globalThis.File; export default File;',
  'form-data': [
    'export const FormData = globalThis.FormData;',
    "export function formDataToBlob() { throw new Error('FormData bodies are not supported'); }",
  ].join('\n'),
  'data-uri': "export default function dataUriToBuffer() { throw new Error('data: URLs are not supported'); }",
  referrer: [
    "const policies = ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin',",
    "  'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'];",
    "export const DEFAULT_REFERRER_POLICY = 'strict-origin-when-cross-origin';",
    'export function validateReferrerPolicy(policy) {',
    "  if (!policies.includes(policy)) throw new TypeError('Invalid referrerPolicy: ' + policy);",
    '  return policy;',
    '}',
    "export function determineRequestsReferrer() { return 'no-referrer'; }",
    "export function parseReferrerPolicyFromHeader() { return ''; }",
  ].join('\n'),
  'lazy-zlib': "let zlib; module.exports = new Proxy({}, { get: (_, name) => (zlib ??= require('node:zlib'))[name] });",
};

export const nodeBuiltinsInsteadOfPolyfills: esbuild.Plugin = {
  name: 'node-builtins-instead-of-polyfills',
  setup(build) {
    const shim = (name: keyof typeof SHIMS) => () => ({ path: name, namespace: 'shim' });
    build.onResolve({ filter: /^web-streams-polyfill\/dist\/ponyfill/ }, shim('web-streams'));
    build.onResolve({ filter: /^\.\/streams\.cjs$/ }, (args) =>
      args.importer.includes('fetch-blob') ? shim('fetch-blob-streams')() : undefined,
    );
    build.onResolve({ filter: /^node-domexception$/ }, shim('dom-exception'));
    build.onResolve({ filter: /\/utils\/multipart-parser\.js$/ }, shim('multipart'));
    build.onResolve({ filter: /^fetch-blob\/from\.js$/ }, shim('blob-from-file'));
    build.onResolve({ filter: /^fetch-blob$/ }, shim('blob'));
    build.onResolve({ filter: /^fetch-blob\/file\.js$/ }, shim('file'));
    build.onResolve({ filter: /^formdata-polyfill\/esm\.min\.js$/ }, shim('form-data'));
    build.onResolve({ filter: /^data-uri-to-buffer$/ }, shim('data-uri'));
    build.onResolve({ filter: /\/utils\/referrer\.js$/ }, (args) =>
      args.importer.includes('node-fetch') ? shim('referrer')() : undefined,
    );
    build.onResolve({ filter: /^node:zlib$/ }, (args) => (args.importer.includes('node-fetch') ? shim('lazy-zlib')() : undefined));
    build.onLoad({ filter: /.*/, namespace: 'shim' }, (args) => ({
      contents: SHIMS[args.path],
      loader: 'js',
      // The shims' own imports (fetch-blob) resolve from the project, as node-fetch's would.
      resolveDir: PROJECT_ROOT,
    }));
  },
};

/** Every `functions/NAME/index.ts` is a function. */
async function discoverFunctions(root = PROJECT_ROOT): Promise<string[]> {
  const entries = await readdir(path.join(root, 'functions'), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'functions', entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** Bundles each function into dist/NAME/index.js (CommonJS, minified) and dist/NAME.zip. */
export async function buildFunctions(root = PROJECT_ROOT): Promise<BuiltFunction[]> {
  const dist = path.join(root, 'dist');
  await rm(dist, { recursive: true, force: true });
  await mkdir(path.join(dist, 'meta'), { recursive: true });
  // The project is ESM; the bundles are CommonJS, as the runtime loads them.
  await writeFile(path.join(dist, 'package.json'), '{ "type": "commonjs" }\n');
  const built: BuiltFunction[] = [];
  for (const name of await discoverFunctions(root)) {
    built.push(await buildOne(root, dist, name));
  }
  return built;
}

/** How every function is bundled; the bench bundles its SDK comparator the same way. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  treeShaking: true,
  legalComments: 'eof',
} as const satisfies esbuild.BuildOptions;

async function buildOne(root: string, dist: string, name: string): Promise<BuiltFunction> {
  const bundlePath = path.join(dist, name, 'index.js');
  const result = await esbuild.build({
    ...BUNDLE_OPTIONS,
    absWorkingDir: root,
    entryPoints: [path.join(root, 'functions', name, 'index.ts')],
    outfile: bundlePath,
    metafile: true,
    plugins: [nodeBuiltinsInsteadOfPolyfills],
    logLevel: 'warning',
    write: false,
  });
  const zipPath = path.join(dist, `${name}.zip`);
  const written = await writeBundle(result.outputFiles[0]!.contents, bundlePath, zipPath);
  await writeFile(path.join(dist, 'meta', `${name}.json`), JSON.stringify(result.metafile));
  return { name, bundlePath, zipPath, ...written, inputs: Object.keys(result.metafile.inputs) };
}

/** Writes a bundle and the zip the platform takes (`index.js` alone at its root); returns both sizes. */
export async function writeBundle(
  code: Uint8Array,
  bundlePath: string,
  zipPath: string,
): Promise<{ bundleBytes: number; zipBytes: number }> {
  await mkdir(path.dirname(bundlePath), { recursive: true });
  await writeFile(bundlePath, code);
  const zip = zipSync({ 'index.js': [code, { level: 9, mtime: ZIP_MTIME }] });
  await writeFile(zipPath, zip);
  return { bundleBytes: code.byteLength, zipBytes: zip.byteLength };
}
