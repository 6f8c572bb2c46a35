// The shape of seed data (a seed file, emulator.seed(), POST /_emulator/seed), checked field by field.
import * as z from 'zod/mini';
import { formatPath } from './issue-path.ts';
import { Labels, ResourceId, Timestamp } from './schema-primitives.ts';
import { parseDuration } from './time-format.ts';
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

/** How long before now a seeded resource without `createdAt` was created. */
export const SEEDED_AGE_MS = 86_400_000;

/**
 * Records that `id` is used at `path`; a second use of it anywhere in the seed is an error naming both
 * places, as IDs are unique in the real services.
 */
export function claimSeedId(claimed: Map<string, string>, what: string, id: string, path: string): void {
  const previous = claimed.get(id);
  if (previous) throw new SeedError(`${path}.id`, `duplicate ${what} id "${id}" (also ${previous}.id)`);
  claimed.set(id, path);
}

const PositiveDuration = z
  .string()
  .check(z.refine((text) => (parseDuration(text) ?? 0) > 0, 'must be a positive duration such as "86400s"'));

const Algorithm = z.enum(['AES_128', 'AES_192', 'AES_256', 'AES_256_HSM', 'GOST_R_3412_2015_K']);

const SeedVersionSchema = z.strictObject({
  id: ResourceId,
  status: z.optional(z.enum(['ACTIVE', 'SCHEDULED_FOR_DESTRUCTION', 'DESTROYED'])),
  algorithm: z.optional(Algorithm),
  createdAt: z.optional(Timestamp),
  primary: z.optional(z.boolean()),
  destroyAt: z.optional(Timestamp),
  hostedByHsm: z.optional(z.boolean()),
  scheduledBy: z.optional(ResourceId),
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

// Resource Manager names: 3-63 characters, [a-z][-a-z0-9]{1,61}[a-z0-9]; descriptions at most 256.
const ResourceName = z
  .string()
  .check(z.regex(/^[a-z][-a-z0-9]{1,61}[a-z0-9]$/, 'must be 3-63 characters matching [a-z][-a-z0-9]*[a-z0-9]'));
const ResourceDescription = z.string().check(z.maxLength(256, 'must be at most 256 characters'));

const SeedFolderSchema = z.strictObject({
  id: ResourceId,
  name: z.optional(ResourceName),
  description: z.optional(ResourceDescription),
  status: z.optional(z.enum(['ACTIVE', 'DELETING', 'PENDING_DELETION'])),
  labels: z.optional(Labels),
  createdAt: z.optional(Timestamp),
  accessDenied: z.optional(z.boolean()),
});

const SeedCloudSchema = z.strictObject({
  id: ResourceId,
  organizationId: z.optional(ResourceId),
  name: z.optional(ResourceName),
  description: z.optional(ResourceDescription),
  labels: z.optional(Labels),
  createdAt: z.optional(Timestamp),
  accessDenied: z.optional(z.boolean()),
  folders: z.optional(z.array(SeedFolderSchema)),
});

const SeedDataSchema = z.strictObject({ keys: z.array(SeedKeySchema), clouds: z.optional(z.array(SeedCloudSchema)) });

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
