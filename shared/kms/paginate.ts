import { GuardError } from '../errors/guard-error.ts';

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

export const DEFAULT_MAX_PAGES = 10_000;

/**
 * Follows page tokens until an empty one. A token seen before or more pages than `maxPages` stop it
 * with an error instead of looping for ever on a misbehaving server.
 */
export async function* paginate<T>(
  fetchPage: (pageToken: string | undefined) => Promise<Page<T>>,
  what: string,
  maxPages = DEFAULT_MAX_PAGES,
  firstToken?: string,
): AsyncGenerator<T[]> {
  const seen = new Set<string>(firstToken ? [firstToken] : []);
  let token = firstToken;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) {
      throw new GuardError('INTERNAL', `${what}: stopped after ${maxPages} pages; the list does not end`);
    }
    const page = await fetchPage(token);
    yield page.items;
    if (!page.nextPageToken) return;
    if (seen.has(page.nextPageToken)) {
      throw new GuardError('INTERNAL', `${what}: KMS returned a page token it had returned before; stopped to avoid a loop`);
    }
    seen.add(page.nextPageToken);
    token = page.nextPageToken;
  }
}
