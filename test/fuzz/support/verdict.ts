// What a generator knows about an input, decided from the contract (the docs) alone, never from the code:
// `invalid` inputs must be refused as bad input, `valid` ones must be served, and where the contract leaves
// a choice open (e.g. two places name a field with different values) the input is `unknown` and only the
// properties every answer has are checked.
import { isValidId } from './ids.ts';

export type Verdict = 'valid' | 'invalid' | 'unknown';

export function combine(...verdicts: Verdict[]): Verdict {
  if (verdicts.includes('invalid')) return 'invalid';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'valid';
}

/** A field several places may carry (path, query, body): certain only when they all agree. */
export function fromCandidates(values: readonly unknown[], rule: (value: unknown) => Verdict, required: boolean): Verdict {
  const present = values.filter((value) => value !== undefined);
  if (present.length === 0) return required ? 'invalid' : 'valid';
  const verdicts = present.map(rule);
  if (verdicts.every((v) => v === 'invalid')) return 'invalid';
  if (verdicts.every((v) => v === 'valid')) return 'valid';
  return 'unknown';
}

export const idRule = (value: unknown): Verdict => (isValidId(value) ? 'valid' : 'invalid');

/** pageSize: an integer from 1 to 1000, as a JSON number or as decimal text. */
export function pageSizeRule(value: unknown): Verdict {
  if (value === undefined) return 'valid';
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 1000 ? 'valid' : 'invalid';
  if (typeof value !== 'string') return 'invalid';
  if (/^[1-9]\d{0,3}$/.test(value) && Number(value) <= 1000) return 'valid';
  // " 5", "005", "1e3": the number is in range but the spelling is unusual; the contract does not say.
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? 'unknown' : 'invalid';
}

/** pageToken: at most 100 characters; a non-empty one is for KMS to accept or refuse. */
export function pageTokenRule(value: unknown): Verdict {
  if (value === undefined || value === '') return 'valid';
  if (typeof value !== 'string') return 'invalid';
  if (value.length > 100 && [...value].length > 100) return 'invalid';
  return 'unknown';
}

/** Flags (all, wait): true or false. */
export function flagRule(value: unknown): Verdict {
  if (value === undefined || value === true || value === false || value === 'true' || value === 'false') return 'valid';
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return 'unknown';
  return 'invalid';
}

const STATUSES = ['ACTIVE', 'SCHEDULED_FOR_DESTRUCTION', 'DESTROYED'];

export function statusRule(value: unknown): Verdict {
  if (value === undefined || (typeof value === 'string' && STATUSES.includes(value))) return 'valid';
  if (typeof value === 'string' && STATUSES.includes(value.toUpperCase())) return 'unknown';
  return 'invalid';
}

/** The one method a function serves; another spelling of it (lower case) is the code's choice. */
export function methodRule(method: string, expected: string): Verdict {
  if (method === expected) return 'valid';
  return method.toUpperCase() === expected || method.toLowerCase() === expected.toLowerCase() ? 'unknown' : 'invalid';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property: a field named `constructor` or `__proto__` in the input is not inherited. */
export function own(container: unknown, name: string): unknown {
  return isObject(container) && Object.hasOwn(container, name) ? container[name] : undefined;
}

/** Fields other than these make a direct input `unknown`: the contract does not say whether they are ignored. */
export function hasOtherFields(input: Record<string, unknown>, known: readonly string[]): boolean {
  return Object.keys(input).some((name) => !known.includes(name));
}
