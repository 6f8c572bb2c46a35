import * as z from 'zod/mini';
import { assertKeysAllowed } from '../../shared/access.ts';
import type { Config } from '../../shared/config.ts';
import type { HttpRequest } from '../../shared/edge/http-request.ts';
import type { CancelTarget } from '../../shared/guard/outcomes.ts';
import { Flag, ResourceId } from '../../shared/validation/fields.ts';
import { parseInput, parseObjectInput } from '../../shared/validation/issues.ts';
import { oneValue } from '../../shared/validation/one-value.ts';

const MAX_ITEMS = 1000;

export interface CancelRequest {
  items: CancelTarget[];
  wait: boolean;
  /** `items` or a report, rather than one version: a batch reports its figures to Monitoring. */
  batch: boolean;
}

const Target = z.object({ keyId: ResourceId, versionId: ResourceId });
const Single = z.object({ keyId: ResourceId, versionId: ResourceId, wait: z.optional(Flag) });
const Targets = z
  .array(Target, { error: 'must be an array of {keyId, versionId}' })
  .check(z.maxLength(MAX_ITEMS, `must hold at most ${MAX_ITEMS} items`));
const Batch = z.object({ items: Targets, wait: z.optional(Flag) });
// A sweep report from list-versions (or one part of it): only its `scheduled` list matters here.
const Report = z.object({ scheduled: Targets, wait: z.optional(Flag) });

const DIRECT_SHAPES = '{"keyId", "versionId"}, {"items": [...]} or a sweep report';

/**
 * HTTP: one version. keyId from the gateway path, the query or the body; versionId from the body or the
 * query; each named in several places must be the same everywhere. Keys outside ALLOWED_KEY_IDS are refused.
 */
export function parseHttpCancel(request: HttpRequest, config: Config): CancelRequest {
  const body = request.bodyFields();
  const fields = {
    keyId: oneValue('keyId', { path: request.pathParams.keyId, query: request.query.keyId, body: body.keyId }),
    versionId: oneValue('versionId', { query: request.query.versionId, body: body.versionId }),
    wait: body.wait ?? request.query.wait,
  };
  const single = parseInput(Single, fields);
  return allowed(config, { items: [{ keyId: single.keyId, versionId: single.versionId }], wait: single.wait ?? false, batch: false });
}

/**
 * A direct call or a queue message: one `{keyId, versionId}`, `{items: [...]}`, or a sweep report; a
 * request naming any key outside ALLOWED_KEY_IDS is refused whole. These wait for each operation by
 * default: a batch answer should say what was saved, not what was asked.
 */
export function parseDirectCancel(input: unknown, config: Config): CancelRequest {
  const request = parseDirect(input);
  return allowed(config, request);
}

function parseDirect(input: unknown): CancelRequest {
  const fields = parseObjectInput(z.record(z.string(), z.unknown()), input, DIRECT_SHAPES);
  if ('items' in fields) {
    const batch = parseInput(Batch, fields);
    return { items: batch.items, wait: batch.wait ?? true, batch: true };
  }
  if ('scheduled' in fields) {
    const report = parseInput(Report, fields);
    return { items: report.scheduled, wait: report.wait ?? true, batch: true };
  }
  const single = parseInput(Single, fields);
  return { items: [{ keyId: single.keyId, versionId: single.versionId }], wait: single.wait ?? true, batch: false };
}

function allowed(config: Config, request: CancelRequest): CancelRequest {
  assertKeysAllowed(
    config,
    request.items.map((item) => item.keyId),
  );
  return request;
}
