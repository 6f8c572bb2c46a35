// The comparator's report sweep: what list-versions does on a timer, as a user would write it with the
// official SDK (gRPC over TLS). The keys of KMS_KEY_IDS, each read (Get: its deletion protection) and every
// version of each (page after page), at most SWEEP_CONCURRENCY requests in flight, the scheduled versions
// sorted by destroyAt and the keys without protection listed. It answers with the same report fields the
// bench checks in ours (keysScanned, versionsScanned, complete).
import { SymmetricKeyVersion_Status, symmetricAlgorithmToJSON } from '@yandex-cloud/nodejs-sdk/kms-v1/symmetric_key';
import { GetSymmetricKeyRequest, ListSymmetricKeyVersionsRequest } from '@yandex-cloud/nodejs-sdk/kms-v1/symmetric_key_service';
import { type Context, clientFor } from './sdk-client.ts';

interface Scheduled {
  keyId: string;
  versionId: string;
  destroyAt: string;
  algorithm: string;
  primary: boolean;
}

/** KMS's largest page, as ours asks for: the fewest requests for a whole list. */
const PAGE_SIZE = 1000;
const DEFAULT_CONCURRENCY = 8;

export async function handler(_event: unknown, context?: Context) {
  const token = context?.token?.access_token ?? process.env.YC_IAM_TOKEN;
  if (!token) throw new Error('no IAM token in the context');
  const keyIds = (process.env.KMS_KEY_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const concurrency = Math.max(1, Number(process.env.SWEEP_CONCURRENCY) || DEFAULT_CONCURRENCY);
  const client = clientFor(token);
  const scheduled: Scheduled[] = [];
  const unprotectedKeys: string[] = [];
  const errors: Array<{ keyId: string; code: number; message: string }> = [];
  let keysScanned = 0;
  let versionsScanned = 0;

  const sweepKey = async (keyId: string) => {
    let pageToken = '';
    do {
      const page = await client.listVersions(ListSymmetricKeyVersionsRequest.fromPartial({ keyId, pageSize: PAGE_SIZE, pageToken }));
      versionsScanned += page.keyVersions.length;
      for (const version of page.keyVersions) {
        if (version.status !== SymmetricKeyVersion_Status.SCHEDULED_FOR_DESTRUCTION) continue;
        scheduled.push({
          keyId,
          versionId: version.id,
          destroyAt: version.destroyAt?.toISOString() ?? '',
          algorithm: symmetricAlgorithmToJSON(version.algorithm),
          primary: version.primary,
        });
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    keysScanned++;
  };

  const readKey = async (keyId: string) => {
    const key = await client.get(GetSymmetricKeyRequest.fromPartial({ keyId }));
    if (!key.deletionProtection) unprotectedKeys.push(keyId);
  };

  // Each key's versions and its own record are independent reads, in one pool, as ours reads them.
  const work = keyIds.flatMap((keyId) => [
    { keyId, read: sweepKey },
    { keyId, read: readKey },
  ]);
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const { keyId, read } = work[next++]!;
      try {
        await read(keyId);
      } catch (error) {
        errors.push({ keyId, code: (error as { code?: number }).code ?? 2, message: String((error as Error).message) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
  scheduled.sort(
    (a, b) => Date.parse(a.destroyAt) - Date.parse(b.destroyAt) || a.keyId.localeCompare(b.keyId) || a.versionId.localeCompare(b.versionId),
  );
  return {
    generatedAt: new Date().toISOString(),
    scope: { keyIds },
    keysScanned,
    versionsScanned,
    scheduled,
    unprotectedKeys,
    errors,
    notReached: [],
    complete: errors.length === 0,
  };
}
