// `npm run build`: bundles every function into dist/ and prints what it wrote.
import path from 'node:path';
import { buildFunctions, PROJECT_ROOT } from './lib/bundle-functions.ts';

for (const fn of await buildFunctions()) {
  const bundle = path.relative(PROJECT_ROOT, fn.bundlePath);
  const zip = path.relative(PROJECT_ROOT, fn.zipPath);
  console.log(`${fn.name}: ${bundle} ${fn.bundleBytes} B, ${zip} ${fn.zipBytes} B`);
}
