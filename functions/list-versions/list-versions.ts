import { assertKeysAllowed } from '../../shared/access.ts';
import type { Invocation } from '../../shared/handler/invocation.ts';
import type { VersionsPage } from '../../shared/kms/client.ts';
import type { ListVersionsInput } from './input.ts';

/** One page (or, with `all`, every page) of a key's versions in the KMS shape, optionally by status. */
export async function listVersions(input: ListVersionsInput, invocation: Invocation): Promise<VersionsPage> {
  assertKeysAllowed(invocation.config, [input.keyId]);
  const page: VersionsPage = input.all
    ? { keyVersions: await invocation.kms.listAllVersions(input.keyId, input.pageSize, input.pageToken) }
    : await invocation.kms.listVersionsPage(input.keyId, { pageSize: input.pageSize, pageToken: input.pageToken });
  if (!input.status) return page;
  return { ...page, keyVersions: page.keyVersions.filter((version) => version.status === input.status) };
}
