import * as z from 'zod/mini';
import type { HttpRequest } from '../../shared/events/http-request.ts';
import { Flag, PageSize, PageToken, ResourceId, VersionStatusFilter } from '../../shared/validation/fields.ts';
import { parseInput } from '../../shared/validation/issues.ts';

const ListVersionsInput = z.object({
  keyId: ResourceId,
  pageSize: z.optional(PageSize),
  pageToken: z.optional(PageToken),
  all: z.optional(Flag),
  status: z.optional(VersionStatusFilter),
});
export type ListVersionsInput = z.infer<typeof ListVersionsInput>;

export function parseListVersionsInput(input: unknown): ListVersionsInput {
  return parseInput(ListVersionsInput, input);
}

/** HTTP: keyId from the gateway's path parameters, else the query; everything else from the query. */
export function fieldsFromHttp(request: HttpRequest): Record<string, unknown> {
  const { keyId, ...query } = request.query;
  const fields: Record<string, unknown> = { ...query, keyId: request.pathParams.keyId ?? keyId };
  // An empty pageToken= means "the first page", as it does for the KMS API.
  if (fields.pageToken === '') delete fields.pageToken;
  return fields;
}
