import type * as z from 'zod/mini';
import { GuardError } from '../errors/guard-error.ts';
import type { CloudApi } from './cloud-api.ts';
import type { AttemptBudget } from './retry.ts';

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/**
 * Follows page tokens until an empty one and returns every item. A token seen before, or more pages
 * than `maxPages`, stops it with an error instead of looping for ever on a misbehaving server.
 */
export async function collectPages<T>(
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
  what: string,
  maxPages: number,
  firstToken?: string,
): Promise<T[]> {
  const seen = new Set<string>(firstToken ? [firstToken] : []);
  let token = firstToken;
  const all: T[] = [];
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) {
      throw new GuardError('INTERNAL', `${what}: stopped after ${maxPages} pages; the list does not end`);
    }
    const page = await fetchPage(token);
    all.push(...page.items);
    if (!page.nextPageToken) return all;
    if (seen.has(page.nextPageToken)) {
      throw new GuardError('INTERNAL', `${what}: the API returned a page token it had returned before; stopped to avoid a loop`);
    }
    seen.add(page.nextPageToken);
    token = page.nextPageToken;
  }
}

/** One List call of a Yandex Cloud REST API, read to its last page. */
export interface ListCall<K extends string, T> {
  /** The API and the call, as errors name them: "KMS", "ListVersions". */
  service: string;
  what: string;
  /** What is listed, for paging errors: "ListVersions of key abj…". */
  listing: string;
  /** The URL of the page after `pageToken` (the first page without one). */
  url: (pageToken: string | undefined) => string;
  schema: z.ZodMiniType<{ [P in K]?: T[] } & { nextPageToken?: string }>;
  /** The field of a page that holds its items: "keyVersions", "folders". */
  itemsName: K;
  maxPages: number;
  /** Start from this page token instead of the first page. */
  firstToken?: string;
  budget?: AttemptBudget;
}

/** Every item of a List call, page after page. */
export function listEveryPage<K extends string, T>(api: CloudApi, call: ListCall<K, T>): Promise<T[]> {
  const { service, what, schema, budget } = call;
  return collectPages(
    async (pageToken) => {
      const body = await api.call({ service, what, method: 'GET', url: call.url(pageToken), schema, budget });
      return { items: body[call.itemsName] ?? [], nextPageToken: body.nextPageToken };
    },
    call.listing,
    call.maxPages,
    call.firstToken,
  );
}
