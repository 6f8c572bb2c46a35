#!/usr/bin/env node
// The `kms-version-guard` command (package.json "bin"): runs the TypeScript of cli/main.ts through tsx,
// which `npm install` puts in node_modules as a dev dependency. From a clone: `npm install`, then
// `npx kms-version-guard --help` (or `npm link` once, then `kms-version-guard --help` anywhere).
let tsx;
try {
  tsx = await import('tsx/esm/api');
} catch {
  console.error(
    'kms-version-guard: tsx is not installed: run `npm install` in the kms-version-guard clone first (tsx is a dev dependency)',
  );
  process.exit(1);
}
tsx.register();
await import('../cli/main.ts');
