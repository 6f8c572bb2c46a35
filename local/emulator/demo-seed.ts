// The seed the command line emulator starts with when no --seed file is given: a few keys to try things on.
import { generateSeed } from './generate-seed.ts';
import type { SeedData } from './types.ts';

export function demoSeed(now: Date = new Date(Math.floor(Date.now() / 1000) * 1000)): SeedData {
  // Two keys carry the label a folder sweep filters on (PROTECT_LABEL=protect=true); each key has a
  // version scheduled for destruction a few hours to days from now.
  return generateSeed({ keys: 3, versionsPerKey: 4, scheduled: 3, now, labels: (i) => (i < 2 ? { protect: 'true' } : undefined) });
}
