// One page of a list answer, with the HMAC page tokens of page-token.ts.

import { type Json, pageJson } from './json-shapes.ts';
import type { PageTokens } from './page-token.ts';
import * as fields from './request-fields.ts';

interface PageRequest {
  /** What the list is of, e.g. a key's versions: a token from one list is refused for another. */
  scope: string;
  /** The pageToken given ('' for the first page). */
  token: string;
  size: number;
}

export function page<T>(pageTokens: PageTokens, request: PageRequest, items: T[], listField: string, render: (item: T) => Json): Json {
  const offset = request.token === '' ? 0 : pageTokens.read(request.scope, request.token);
  if (offset === undefined) throw fields.invalidPageToken();
  const end = offset + request.size;
  const next = end < items.length ? pageTokens.issue(request.scope, end) : undefined;
  return pageJson(listField, items.slice(offset, end).map(render), next);
}
