// Field rules shared by the seed format, subjects and fault rules.
import * as z from 'zod/mini';
import { parseTimestamp } from './time-format.ts';

// Emulator IDs are URL path segments: Latin letters, digits, "-" and "_", at most 50 characters like the API's IDs.
export const ResourceId = z
  .string()
  .check(
    z.minLength(1, 'must not be empty'),
    z.maxLength(50, 'must be at most 50 characters'),
    z.regex(/^[A-Za-z0-9_-]+$/, 'must hold only Latin letters, digits, "-" and "_"'),
  );

export const Timestamp = z
  .string()
  .check(z.refine((text) => parseTimestamp(text) !== undefined, 'must be an RFC3339 timestamp such as 2026-01-01T00:00:00Z'));

// Label rules of the KMS and Resource Manager APIs: at most 64, key [a-z][-_0-9a-z]* and value [-_0-9a-z]*, each at most 63 characters.
const LabelKey = z
  .string()
  .check(z.maxLength(63, 'label keys have at most 63 characters'), z.regex(/^[a-z][-_0-9a-z]*$/, 'label keys match [a-z][-_0-9a-z]*'));
const LabelValue = z.string().check(z.maxLength(63, 'must be at most 63 characters'), z.regex(/^[-_0-9a-z]*$/, 'must match [-_0-9a-z]*'));
export const Labels = z.record(LabelKey, LabelValue).check(z.refine((labels) => Object.keys(labels).length <= 64, 'at most 64 labels'));
