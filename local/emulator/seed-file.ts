// Seed data from outside the program (a JSON file, the admin API): checked completely before use.
import { readFileSync } from 'node:fs';
import { normalizeSeed } from './seed-normalize.ts';
import { parseSeedShape, SeedError } from './seed-schema.ts';
import type { SeedData } from './types.ts';

/** Checks the shape and the consistency of seed data; throws a SeedError naming the first bad field. */
export function parseSeed(raw: unknown, source?: string): SeedData {
  try {
    const data = parseSeedShape(raw);
    normalizeSeed(data, Date.now()); // consistency rules (one primary, unique IDs...) fail here, not later
    return data;
  } catch (error) {
    if (error instanceof SeedError && source) throw new SeedError(error.field, error.detail, source);
    throw error;
  }
}

/** Reads and checks a JSON seed file. Defaults are filled in when the emulator is seeded. */
export function loadSeedFile(path: string): SeedData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read seed file ${path}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`Seed file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseSeed(raw, `Seed file ${path}`);
}
