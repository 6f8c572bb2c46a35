import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FunctionHandler } from './host/index.ts';

const require = createRequire(import.meta.url);

/** The built handlers, `dist/NAME/index.js`, by function name: what the platform would run. */
export function loadBundles(distDir: string): Record<string, FunctionHandler> {
  const handlers: Record<string, FunctionHandler> = {};
  for (const name of readdirSync(distDir)) {
    const bundle = path.join(distDir, name, 'index.js');
    if (!existsSync(bundle)) continue;
    const loaded = require(bundle) as { handler?: unknown };
    if (typeof loaded.handler !== 'function') throw new Error(`${bundle} does not export a handler`);
    handlers[name] = loaded.handler as FunctionHandler;
  }
  return handlers;
}
