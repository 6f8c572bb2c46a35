import fc from 'fast-check';
import type { Verdict } from './verdict.ts';

/** What one audit record counts as in the guard's answer. */
export type Bucket = 'result' | 'ignored' | 'poison';

/** What a served answer must hold, beyond the properties of every answer. */
export type Served =
  | { kind: 'versions-page'; keyId: string; pageSize?: number; all?: boolean; status?: string }
  | { kind: 'cancel-one'; keyId: string; versionId: string }
  | { kind: 'cancel-batch'; items: number }
  | { kind: 'sweep-report' }
  | { kind: 'queue-outcomes'; messages: Array<Verdict | 'served'> }
  /** Per record, what it may count as (undefined: the count cannot be told); `pairs`: `keyId/versionId` that may be acted on. */
  | { kind: 'audit-answer'; records?: Bucket[][]; pairs: string[] };

export interface Expectations {
  /** The exact HTTP status (413 for a body over 1 MiB). */
  status?: number;
  /** The exact code a refusal carries (INVALID_ARGUMENT for bad input). */
  code?: string;
  served?: Served;
}

/** One generated input with what the generator knows about it. */
export interface Sample {
  event: unknown;
  verdict: Verdict;
  expect: Expectations;
}

export function sample(event: unknown, verdict: Verdict, expect: Expectations = {}): Sample {
  // fast-check prints a failing sample with this: 3 MiB bodies are shortened, the seed and path reproduce them.
  return { event, verdict, expect, [fc.toStringMethod]: () => describe({ verdict, expect, event }) } as Sample;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'string' && v.length > 300) return `${v.slice(0, 120)}…(${v.length} characters)`;
      if (Array.isArray(v) && v.length > 20) return [...v.slice(0, 3), `…(${v.length} items)`];
      if (typeof v === 'bigint') return `${v}n`;
      if (v === undefined) return '(undefined)';
      return v;
    });
  } catch {
    // Circular values, which JSON cannot show.
    return fc.stringify(value).slice(0, 2_000);
  }
}
