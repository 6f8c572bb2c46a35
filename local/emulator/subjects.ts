// Who a Bearer token belongs to. The real IAM resolves a token to a subject; the emulator looks it up in
// a map given by the user, so operations and audit events can name who made a request.
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { formatPath } from './issue-path.ts';
import { ResourceId } from './schema-primitives.ts';

export const SUBJECT_TYPES = ['SERVICE_ACCOUNT', 'YANDEX_PASSPORT_USER_ACCOUNT', 'FEDERATED_USER_ACCOUNT'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** A subject as given in options, the admin API or on the command line. */
export interface SubjectInput {
  id: string;
  name?: string;
  type?: SubjectType;
}

export interface Subject {
  id: string;
  name?: string;
  type: SubjectType;
}

/** The subject of any accepted token that no subjects map names. */
export const DEFAULT_SUBJECT: Readonly<Subject> = Object.freeze({
  id: 'ajedemouser000000001',
  name: 'demo-user',
  type: 'YANDEX_PASSPORT_USER_ACCOUNT',
});

const SubjectSchema = z.strictObject({
  id: ResourceId,
  name: z.optional(z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(100, 'must be at most 100 characters'))),
  type: z.optional(z.enum(SUBJECT_TYPES, { error: `must be one of ${SUBJECT_TYPES.join(', ')}` })),
});

const SubjectMapSchema = z.record(z.string().check(z.minLength(1, 'a token must not be empty')), SubjectSchema);

export class SubjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubjectError';
  }
}

/** The checked map; throws a SubjectError naming the bad entry without repeating its token. */
export function checkSubjects(raw: unknown): Record<string, Subject> {
  const result = SubjectMapSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    // The first path element is the token itself: name its position instead, so no token is echoed.
    const tokens = raw && typeof raw === 'object' ? Object.keys(raw) : [];
    const [token, ...rest] = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? '?'] : issue.path;
    const position = typeof token === 'string' ? `subjects[${tokens.indexOf(token)}]` : 'subjects';
    const where = rest.length ? `${position}.${formatPath(rest)}` : position;
    throw new SubjectError(`${where}: ${describeIssue(issue, token === undefined)}`);
  }
  const subjects: Record<string, Subject> = {};
  for (const [token, input] of Object.entries(result.data)) subjects[token] = withDefaults(input);
  return subjects;
}

function describeIssue(issue: z.core.$ZodIssue, atRoot: boolean): string {
  if (atRoot) return 'must be an object of tokens to subjects';
  if (issue.code === 'unrecognized_keys') return 'unknown field';
  if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? 'not a valid token';
  if (issue.code === 'invalid_type')
    return issue.expected === 'object' ? 'must be an object {id, name?, type?}' : `must be a ${issue.expected}`;
  return issue.message;
}

function withDefaults(input: SubjectInput): Subject {
  const subject: Subject = { id: input.id, type: input.type ?? 'SERVICE_ACCOUNT' };
  if (input.name !== undefined) subject.name = input.name;
  return subject;
}

export class SubjectDirectory {
  private byToken = new Map<string, Subject>();

  add(raw: unknown): void {
    for (const [token, subject] of Object.entries(checkSubjects(raw))) this.byToken.set(token, subject);
  }

  clear(): void {
    this.byToken.clear();
  }

  resolve(token: string): Subject {
    return { ...(this.byToken.get(token) ?? DEFAULT_SUBJECT) };
  }

  /** The map without its tokens: each masked as audit events mask them. */
  list(): Array<Subject & { maskedToken: string }> {
    return [...this.byToken].map(([token, subject]) => ({ maskedToken: maskToken(token), ...subject }));
  }
}

/** "<first 4>***<last 4>", as Audit Trails shows a token; a short token is hidden completely. */
export function maskToken(token: string): string {
  // Under 12 characters the two ends would give away most of the token.
  return token.length < 12 ? '***' : `${token.slice(0, 4)}***${token.slice(-4)}`;
}

/** A stable ID for a token that does not reveal it (Audit Trails' iam_token_id). */
export function tokenId(token: string): string {
  return `tok${createHash('sha256').update(token).digest('hex').slice(0, 17)}`;
}
