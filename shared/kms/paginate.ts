import { GuardError } from '../errors/guard-error.ts';

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
