import * as z from 'zod/mini';
import type { HttpRequest } from '../../shared/edge/http-request.ts';
import { Flag, PageSize, PageToken, ResourceId, VersionStatusFilter } from '../../shared/validation/fields.ts';
import { parseObjectInput } from '../../shared/validation/issues.ts';
import { oneValue } from '../../shared/validation/one-value.ts';

const ListVersionsInput = z.object({
  keyId: ResourceId,
  pageSize: z.optional(PageSize),
  pageToken: z.optional(PageToken),
  all: z.optional(Flag),
  status: z.optional(VersionStatusFilter),
});
export type ListVersionsInput = z.infer<typeof ListVersionsInput>;

export function parseListVersionsInput(input: unknown): ListVersionsInput {
  return parseObjectInput(ListVersionsInput, input, '{"keyId": "...", "pageSize"?, "pageToken"?, "all"?, "status"?}');
}

/** HTTP: keyId from the gateway's path parameters or the query (not both, unless equal); the rest from the query. */
export function fieldsFromHttp(request: HttpRequest): Record<string, unknown> {
  const { keyId, ...query } = request.query;
  const fields: Record<string, unknown> = { ...query, keyId: oneValue('keyId', { path: request.pathParams.keyId, query: keyId }) };
  // An empty pageToken= means "the first page", as it does for the KMS API.
  if (fields.pageToken === '') delete fields.pageToken;
  return fields;
}
