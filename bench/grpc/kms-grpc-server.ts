// The comparator's KMS: SymmetricKeyService.ListVersions and Get over gRPC+TLS on loopback, built from the SDK's
// own generated service definition and serving the same keys as the emulator; like the emulator, it can
// delay every answer.
import { type Metadata, Server, ServerCredentials, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { SymmetricKey, SymmetricKeyVersion } from '@yandex-cloud/nodejs-sdk/kms-v1/symmetric_key';
import {
  type GetSymmetricKeyRequest,
  type ListSymmetricKeyVersionsRequest,
  type ListSymmetricKeyVersionsResponse,
  SymmetricKeyServiceService,
} from '@yandex-cloud/nodejs-sdk/kms-v1/symmetric_key_service';
import type { SeedData } from '../../local/emulator/index.ts';
import type { Certificate } from '../../local/self-signed-certificate.ts';

export interface KmsGrpcServer {
  /** host:port, as the SDK takes a custom endpoint. */
  endpoint: string;
  /** Every answer waits this long first (0: none), as the emulator's latency fault delays its answers. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

interface UnaryCall<R> {
  request: R;
  metadata: Metadata;
}
type Reply<T> = (error: { code: number; details: string } | null, response?: T) => void;

export async function startKmsGrpcServer(seed: SeedData, token: string, certificate: Certificate): Promise<KmsGrpcServer> {
  // Converted once: the server's own work per call should be as small as the emulator's.
  const versionsByKey = new Map(
    seed.keys.map((key) => [key.id, (key.versions ?? []).map((version) => SymmetricKeyVersion.fromJSON({ ...version, keyId: key.id }))]),
  );
  const keysById = new Map(
    seed.keys.map((key) => [
      key.id,
      SymmetricKey.fromJSON({ id: key.id, folderId: key.folderId, name: key.name, deletionProtection: key.deletionProtection }),
    ]),
  );
  const authorized = (metadata: Metadata) => metadata.get('authorization')[0] === `Bearer ${token}`;
  const UNAUTHENTICATED = { code: status.UNAUTHENTICATED, details: 'Token is invalid or has expired.' };

  // Latency timers are cancelled by close(), so a closing server never keeps Node alive.
  let latencyMs = 0;
  const timers = new Set<NodeJS.Timeout>();
  const later = (answer: () => void) => {
    if (latencyMs <= 0) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, latencyMs);
    timers.add(timer);
  };

  const get = (call: UnaryCall<GetSymmetricKeyRequest>, reply: Reply<SymmetricKey>) =>
    later(() => {
      if (!authorized(call.metadata)) return reply(UNAUTHENTICATED);
      const key = keysById.get(call.request.keyId);
      return key ? reply(null, key) : reply({ code: status.NOT_FOUND, details: `Key ${call.request.keyId} not found` });
    });
  const listVersions = (call: UnaryCall<ListSymmetricKeyVersionsRequest>, reply: Reply<ListSymmetricKeyVersionsResponse>) =>
    later(() => answerListVersions(call, reply));
  const answerListVersions = (call: UnaryCall<ListSymmetricKeyVersionsRequest>, reply: Reply<ListSymmetricKeyVersionsResponse>) => {
    if (!authorized(call.metadata)) return reply(UNAUTHENTICATED);
    const versions = versionsByKey.get(call.request.keyId);
    if (!versions) return reply({ code: status.NOT_FOUND, details: `Key ${call.request.keyId} not found` });
    const pageSize = Math.min(call.request.pageSize || DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const offset = Number(call.request.pageToken || '0');
    const end = offset + pageSize;
    reply(null, {
      keyVersions: versions.slice(offset, end),
      nextPageToken: end < versions.length ? String(end) : '',
    });
  };

  const server = new Server();
  // Methods left out answer UNIMPLEMENTED: grpc-js fills them in.
  server.addService(SymmetricKeyServiceService, { listVersions, get } as unknown as UntypedServiceImplementation);
  const credentials = ServerCredentials.createSsl(null, [{ cert_chain: certificate.cert, private_key: certificate.key }], false);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound)));
  });
  return {
    endpoint: `127.0.0.1:${port}`,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.tryShutdown(() => resolve());
        // Idle channels from finished children would otherwise hold the shutdown.
        setTimeout(() => server.forceShutdown(), 1_000).unref();
      }),
  };
}
