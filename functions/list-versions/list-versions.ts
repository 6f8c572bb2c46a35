import { assertKeysAllowed } from '../../shared/access.ts';
import type { Invocation } from '../../shared/edge/invocation.ts';
import type { VersionsPage } from '../../shared/kms/client.ts';
import type { ListVersionsInput } from './input.ts';

/**
 * One page (or, with `all`, every page) of a key's versions in the KMS shape. With `status` and no
 * paging asked for, every page is read and filtered: a filtered single page could be empty and still
 * have a next page. With pageSize or pageToken, that one page is filtered.
 */
export async function listVersions(input: ListVersionsInput, invocation: Invocation): Promise<VersionsPage> {
  assertKeysAllowed(invocation.config, [input.keyId]);
  const paged = input.pageSize !== undefined || input.pageToken !== undefined;
  const everyPage = input.all === true || (input.status !== undefined && !paged);
  const page: VersionsPage = everyPage
    ? { keyVersions: await invocation.kms.listAllVersions(input.keyId, { pageSize: input.pageSize, pageToken: input.pageToken }) }
    : await invocation.kms.listVersionsPage(input.keyId, { pageSize: input.pageSize, pageToken: input.pageToken });
  if (!input.status) return page;
  return { ...page, keyVersions: page.keyVersions.filter((version) => version.status === input.status) };
}
