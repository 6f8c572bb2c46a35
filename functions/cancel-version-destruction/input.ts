import * as z from 'zod/mini';
import { badField } from '../../shared/errors/input-error.ts';
import type { HttpRequest } from '../../shared/events/http-request.ts';
import { isObject } from '../../shared/events/kind.ts';
import { Flag, ResourceId } from '../../shared/validation/fields.ts';
import { parseInput } from '../../shared/validation/issues.ts';

export const MAX_ITEMS = 1000;

export interface CancelTarget {
  keyId: string;
  versionId: string;
}

export interface CancelRequest {
  items: CancelTarget[];
  wait: boolean;
}

const Target = z.object({ keyId: ResourceId, versionId: ResourceId });
const Single = z.object({ keyId: ResourceId, versionId: ResourceId, wait: z.optional(Flag) });
const Targets = z
  .array(Target, { error: 'must be an array of {keyId, versionId}' })
  .check(z.maxLength(MAX_ITEMS, `must hold at most ${MAX_ITEMS} items`));
const Batch = z.object({ items: Targets, wait: z.optional(Flag) });
// A sweep report from list-versions: only its `scheduled` list matters here.
const Report = z.object({ scheduled: Targets, wait: z.optional(Flag) });

/** HTTP: one version. keyId from the gateway path, the query or the body; versionId and wait from the body or the query. */
export function parseHttpCancel(request: HttpRequest): CancelRequest {
  const body = request.bodyFields();
  const fields = {
    keyId: request.pathParams.keyId ?? request.query.keyId ?? body.keyId,
    versionId: body.versionId ?? request.query.versionId,
    wait: body.wait ?? request.query.wait,
  };
  const single = parseInput(Single, fields);
  return { items: [{ keyId: single.keyId, versionId: single.versionId }], wait: single.wait ?? false };
}

/**
 * A direct call or a queue message: one `{keyId, versionId}`, `{items: [...]}`, or a sweep report.
 * These wait for each operation by default: a batch answer should say what was saved, not what was asked.
 */
export function parseDirectCancel(input: unknown): CancelRequest {
  if (!isObject(input)) throw badField('input', 'must be an object: {keyId, versionId}, {items: [...]} or a sweep report');
  if ('items' in input) {
    const batch = parseInput(Batch, input);
    return { items: batch.items, wait: batch.wait ?? true };
  }
  if ('scheduled' in input) {
    const report = parseInput(Report, input);
    return { items: report.scheduled, wait: report.wait ?? true };
  }
  const single = parseInput(Single, input);
  return { items: [{ keyId: single.keyId, versionId: single.versionId }], wait: single.wait ?? true };
}
