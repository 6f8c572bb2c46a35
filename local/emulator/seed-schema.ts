// The shape of seed data (a seed file, emulator.seed(), POST /_emulator/seed), checked field by field.
import * as z from 'zod/mini';
import { parseDuration, parseTimestamp } from './time-format.ts';
import type { SeedData } from './types.ts';

/** Seed data that cannot be used; `field` is the path of the first bad field, e.g. keys[0].versions[2].status. */
export class SeedError extends Error {
  readonly field: string;
  readonly detail: string;
  /** `source` (e.g. the seed file) prefixes the message so the user knows where to look. */
  constructor(field: string, detail: string, source?: string) {
    super(`${source ? `${source}: ` : ''}${field}: ${detail}`);
    this.name = 'SeedError';
    this.field = field;
    this.detail = detail;
  }
}

// Seed IDs are URL path segments: Latin letters, digits, "-" and "_", at most 50 characters like the API's IDs.
const ResourceId = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(50, 'must be at most 50 characters'),
    z.regex(/^[A-Za-z0-9_-]+$/, 'must hold only Latin letters, digits, "-" and "_"'),
  );
const Timestamp = z
  .string()
  .check(z.refine((text) => parseTimestamp(text) !== undefined, 'must be an RFC3339 timestamp such as 2026-01-01T00:00:00Z'));
const PositiveDuration = z
  .string()
  .check(z.refine((text) => (parseDuration(text) ?? 0) > 0, 'must be a positive duration such as "86400s"'));

// Label rules of the KMS API: at most 64, key [a-z][-_0-9a-z]* and value [-_0-9a-z]*, each at most 63 characters.
const LabelKey = z
  .string()
  .check(z.maxLength(63, 'label keys have at most 63 characters'), z.regex(/^[a-z][-_0-9a-z]*$/, 'label keys match [a-z][-_0-9a-z]*'));
const LabelValue = z.string().check(z.maxLength(63, 'must be at most 63 characters'), z.regex(/^[-_0-9a-z]*$/, 'must match [-_0-9a-z]*'));
const Labels = z.record(LabelKey, LabelValue).check(z.refine((labels) => Object.keys(labels).length <= 64, 'at most 64 labels'));

const Algorithm = z.enum(['AES_128', 'AES_192', 'AES_256', 'AES_256_HSM', 'GOST_R_3412_2015_K']);

const SeedVersionSchema = z.strictObject({
  id: ResourceId,
  status: z.optional(z.enum(['ACTIVE', 'SCHEDULED_FOR_DESTRUCTION', 'DESTROYED'])),
  algorithm: z.optional(Algorithm),
  createdAt: z.optional(Timestamp),
  primary: z.optional(z.boolean()),
  destroyAt: z.optional(Timestamp),
  hostedByHsm: z.optional(z.boolean()),
});

const SeedKeySchema = z.strictObject({
  id: ResourceId,
  folderId: z.optional(ResourceId),
  name: z.optional(z.string().check(z.maxLength(100, 'must be at most 100 characters'))),
  description: z.optional(z.string().check(z.maxLength(1024, 'must be at most 1024 characters'))),
  labels: z.optional(Labels),
  status: z.optional(z.enum(['CREATING', 'ACTIVE', 'INACTIVE'])),
  defaultAlgorithm: z.optional(Algorithm),
  createdAt: z.optional(Timestamp),
  rotatedAt: z.optional(Timestamp),
  rotationPeriod: z.optional(PositiveDuration),
  deletionProtection: z.optional(z.boolean()),
  accessDenied: z.optional(z.boolean()),
  versions: z.optional(z.array(SeedVersionSchema)),
});

const SeedDataSchema = z.strictObject({ keys: z.array(SeedKeySchema) });

/** "keys[0].versions[2].status" from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : `${text ? '.' : ''}${String(part)}`;
  }
  return text || '(root)';
}

/** Checks the shape of seed data; throws a SeedError naming the first bad field. */
export function parseSeedShape(raw: unknown): SeedData {
  const result = SeedDataSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // An unknown field is reported on its parent object; name the field itself.
  if (issue.code === 'unrecognized_keys') {
    return fail([...issue.path, issue.keys[0] ?? '?'], 'unknown field (check its spelling)');
  }
  return fail(issue.path, issue.message);
}

function fail(path: readonly PropertyKey[], message: string): never {
  throw new SeedError(formatPath(path), message);
}
