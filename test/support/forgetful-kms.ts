import { type Loopback, sendJson, sendStatus, startLoopback } from './loopback.ts';

export interface ForgetfulKms extends Loopback {
  /** A version's status as this KMS holds it now. */
  status(keyId: string, versionId: string): string | undefined;
  /** Requests received, by route: cancel, getOperation, listVersions. */
  count(route: 'cancel' | 'getOperation' | 'listVersions'): number;
}

/**
 * A loopback KMS whose cancel takes effect at once but answers with an operation that is not done yet,
 * and whose Operation service has already lost that operation (404): what the emulator never does, as
 * it finishes an operation only when it is polled. `keys` maps each key ID to its scheduled versions.
 * `algorithm`, when given, is what each version's `algorithm` field says (to play an upstream that
 * quotes text back).
 */
export async function startForgetfulKms(
  keys: Record<string, string[]>,
  options: { algorithm?: (authorization: string) => string } = {},
): Promise<ForgetfulKms> {
  const state = new Map(
    Object.entries(keys).map(([keyId, versions]) => [keyId, new Map(versions.map((id) => [id, 'SCHEDULED_FOR_DESTRUCTION']))]),
  );
  const counts = { cancel: 0, getOperation: 0, listVersions: 0 };
  let operations = 0;
  const server = await startLoopback((request, response) => {
    const path = new URL(request.url, 'http://kms').pathname;
    const list = /^\/kms\/v1\/keys\/([A-Za-z0-9]+)\/versions$/.exec(path);
    const cancel = /^\/kms\/v1\/keys\/([A-Za-z0-9]+):cancelVersionDestruction$/.exec(path);
    if (list && request.method === 'GET') {
      counts.listVersions++;
      const versions = state.get(list[1]!);
      if (!versions) return sendStatus(response, 404, 5, `key ${list[1]} not found`);
      const keyVersions = [...versions].map(([id, status]) => ({
        id,
        keyId: list[1],
        status,
        algorithm: options.algorithm?.(String(request.headers.authorization)) ?? 'AES_256',
        ...(status === 'SCHEDULED_FOR_DESTRUCTION' ? { destroyAt: new Date(Date.now() + 3_600_000).toISOString() } : {}),
      }));
      return sendJson(response, 200, { keyVersions });
    }
    if (cancel && request.method === 'POST') {
      counts.cancel++;
      const versionId = (JSON.parse(request.body) as { versionId: string }).versionId;
      const versions = state.get(cancel[1]!);
      if (!versions?.has(versionId)) return sendStatus(response, 404, 5, `version ${versionId} not found`);
      if (versions.get(versionId) !== 'SCHEDULED_FOR_DESTRUCTION') return sendStatus(response, 400, 9, 'version is not scheduled');
      versions.set(versionId, 'ACTIVE');
      operations++;
      return sendJson(response, 200, { id: `forgottenop${operations}`, description: 'Cancel version destruction', done: false });
    }
    if (path.startsWith('/operations/') && request.method === 'GET') {
      counts.getOperation++;
      return sendStatus(response, 404, 5, 'Operation not found');
    }
    return sendStatus(response, 404, 5, `no route ${request.method} ${path}`);
  });
  return {
    ...server,
    status: (keyId, versionId) => state.get(keyId)?.get(versionId),
    count: (route) => counts[route],
  };
}
