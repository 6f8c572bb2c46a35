import * as z from 'zod/mini';
import { integerRule, integerWithin } from './integer.ts';

// Input rules shared by every handler. IDs are the only user text that reaches a KMS URL, so they are
// held to the documented ID alphabet: nothing else (no '/', '%', '.', spaces) can shape a request path.
const ID_PATTERN = /^[A-Za-z0-9]{1,50}$/;
const ID_RULE = 'must be 1 to 50 Latin letters or digits';

export function isResourceId(text: string): boolean {
  return ID_PATTERN.test(text);
}

export const ResourceId = z
  .string({ error: (iss) => (iss.input === undefined ? 'is required' : ID_RULE) })
  .check(z.regex(ID_PATTERN, ID_RULE));

/** A value from a query string arrives as text; from a direct call as JSON: accept both spellings. */
function coerced<T>(convert: (input: unknown) => T | undefined, rule: string) {
  return z.pipe(
    z.unknown(),
    z.transform((input: unknown, ctx) => {
      const value = convert(input);
      if (value === undefined) ctx.issues.push({ code: 'custom', message: rule, input });
      return value as T;
    }),
  );
}

export const PageSize = coerced((input) => integerWithin(input, 1, 1000), integerRule(1, 1000));

export const PageToken = z.string({ error: 'must be a string' }).check(z.maxLength(100, 'must be at most 100 characters'));

export const Flag = coerced((input) => {
  if (input === true || input === 'true') return true;
  if (input === false || input === 'false') return false;
  return undefined;
}, 'must be true or false');

const VERSION_STATUSES = ['ACTIVE', 'SCHEDULED_FOR_DESTRUCTION', 'DESTROYED'] as const;
export const VersionStatusFilter = z.enum(VERSION_STATUSES, {
  error: `must be one of ${VERSION_STATUSES.join(', ')}`,
});
