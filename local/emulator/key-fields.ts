// The fields of a key that Create and Update take, checked with the limits of the KMS API annotations;
// each error names its field. Update names the fields it changes in updateMask (a FieldMask: paths
// separated by commas, lowerCamelCase in JSON; snake_case is read too).
import { KmsError } from './grpc-status.ts';
import type { KeyRecord } from './records.ts';
import { Labels } from './schema-primitives.ts';
import { parseDuration } from './time-format.ts';
import type { KeyStatus, SymmetricAlgorithm } from './types.ts';

const ALGORITHMS: readonly SymmetricAlgorithm[] = ['AES_128', 'AES_192', 'AES_256', 'AES_256_HSM', 'GOST_R_3412_2015_K'];
/** Update may only set these (the proto's comment on UpdateSymmetricKeyRequest.status). */
const SETTABLE_STATUSES: readonly KeyStatus[] = ['ACTIVE', 'INACTIVE'];

/** A key field Create and Update can set, and the change a request's value makes. */
type KeyChange = (key: KeyRecord) => void;

const FIELD_RULES: Record<string, (value: unknown) => KeyChange> = {
  name: (value) => {
    const name = text('name', value, 100);
    return (key) => {
      key.name = name;
    };
  },
  description: (value) => {
    const description = text('description', value, 1024);
    return (key) => {
      key.description = description;
    };
  },
  labels: (value) => {
    const parsed = Labels.safeParse(value ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length > 0 ? `labels.${issue.path.join('.')}` : 'labels';
      throw KmsError.invalidField(where, issue.code === 'invalid_type' ? 'must be an object of strings' : issue.message);
    }
    return (key) => {
      key.labels = { ...parsed.data };
    };
  },
  status: (value) => {
    if (!SETTABLE_STATUSES.includes(value as KeyStatus)) throw KmsError.invalidField('status', 'must be ACTIVE or INACTIVE');
    return (key) => {
      key.status = value as KeyStatus;
    };
  },
  defaultAlgorithm: (value) => {
    const algorithm = algorithmOf(value);
    return (key) => {
      key.defaultAlgorithm = algorithm;
    };
  },
  rotationPeriod: (value) => {
    const period = value === undefined || value === null || value === '' ? undefined : durationText(value);
    return (key) => {
      if (period === undefined) delete key.rotationPeriod;
      else key.rotationPeriod = period;
    };
  },
  deletionProtection: (value) => {
    if (value !== undefined && value !== null && typeof value !== 'boolean')
      throw KmsError.invalidField('deletionProtection', 'must be true or false');
    const protect = value === true;
    return (key) => {
      key.deletionProtection = protect;
    };
  },
};

export const UPDATABLE_PATHS = Object.keys(FIELD_RULES);

/** The changes an Update asks for: only the fields its updateMask names, each checked. */
export function updateChanges(body: Record<string, unknown>): { paths: string[]; changes: KeyChange[] } {
  const mask = body.updateMask;
  if (mask === undefined || mask === null || mask === '') throw KmsError.invalidField('updateMask', 'required field is missing or empty');
  if (typeof mask !== 'string') throw KmsError.invalidField('updateMask', 'must be a string of comma-separated field paths');
  const paths = [...new Set(mask.split(',').map((path) => camelCase(path.trim())))];
  for (const path of paths) {
    if (!Object.hasOwn(FIELD_RULES, path)) {
      throw KmsError.invalidField('updateMask', `unknown field path "${path.slice(0, 50)}"; updatable: ${UPDATABLE_PATHS.join(', ')}`);
    }
  }
  return { paths, changes: paths.map((path) => FIELD_RULES[path]!(body[path])) };
}

/** The changes a Create makes from its optional fields (folderId and defaultAlgorithm are read by the caller). */
export function createChanges(body: Record<string, unknown>): KeyChange[] {
  return ['name', 'description', 'labels', 'rotationPeriod', 'deletionProtection']
    .filter((field) => body[field] !== undefined)
    .map((field) => FIELD_RULES[field]!(body[field]));
}

export function algorithmOf(value: unknown): SymmetricAlgorithm {
  if (!ALGORITHMS.includes(value as SymmetricAlgorithm))
    throw KmsError.invalidField('defaultAlgorithm', `must be one of ${ALGORITHMS.join(', ')}`);
  return value as SymmetricAlgorithm;
}

function text(field: string, value: unknown, maxLength: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw KmsError.invalidField(field, 'must be a string');
  if (value.length > maxLength) throw KmsError.invalidField(field, `must be at most ${maxLength} characters long`);
  return value;
}

function durationText(value: unknown): string {
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined || ms <= 0) throw KmsError.invalidField('rotationPeriod', 'must be a positive duration in seconds such as "86400s"');
  return value as string;
}

function camelCase(path: string): string {
  return path.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
