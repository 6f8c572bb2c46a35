import type * as z from 'zod/mini';
import { badField, type FieldViolation, InputError } from '../errors/input-error.ts';
import { isObject } from './is-object.ts';

type Issue = z.core.$ZodIssue;

/** `items[2].keyId` from ['items', 2, 'keyId']; `prefix` names the whole value when the path is empty. */
function fieldPath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || 'input';
}

/** A readable description; zod/mini ships no messages of its own, so generic issues are described here. */
export function describeIssue(issue: Issue): string {
  if (issue.message && issue.message !== 'Invalid input' && issue.code !== 'unrecognized_keys') return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'is required' : `must be ${article(issue.expected)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'invalid_format':
      return 'has an invalid format';
    case 'unrecognized_keys': {
      const names = issue.keys.slice(0, 5).map((key) => JSON.stringify(key.slice(0, 40)));
      return `has unknown fields: ${names.join(', ')}${issue.keys.length > 5 ? ', ...' : ''}`;
    }
    default:
      return 'is invalid';
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function violationsOf(issues: readonly Issue[], prefix = ''): FieldViolation[] {
  return issues.map((issue) => ({ field: fieldPath(issue.path, prefix), description: describeIssue(issue) }));
}

/**
 * Parse input with a schema; bad input becomes INVALID_ARGUMENT naming every bad field. Without zod's
 * compiled fast path (jitless): an input is parsed once per call, and compiling a parser for it costs a
 * cold start more than it saves.
 */
export function parseInput<T>(schema: z.ZodMiniType<T>, input: unknown, prefix = ''): T {
  const result = schema.safeParse(input, { reportInput: true, jitless: true });
  if (result.success) return result.data;
  throw new InputError(violationsOf(result.error.issues, prefix));
}

/** Like parseInput, for a value that must be a JSON object: anything else is told what shape to send. */
export function parseObjectInput<T>(schema: z.ZodMiniType<T>, input: unknown, shape: string): T {
  if (!isObject(input)) throw badField('input', `must be an object: ${shape}`);
  return parseInput(schema, input);
}
