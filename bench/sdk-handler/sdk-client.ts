// The SDK's KMS client as both comparator handlers use it: one session and channel per token, kept for warm
// calls as the SDK's README suggests.
import { Session } from '@yandex-cloud/nodejs-sdk';
import type { SymmetricKey } from '@yandex-cloud/nodejs-sdk/kms-v1/symmetric_key';
import {
  type GetSymmetricKeyRequest,
  type ListSymmetricKeyVersionsRequest,
  type ListSymmetricKeyVersionsResponse,
  SymmetricKeyServiceClient,
} from '@yandex-cloud/nodejs-sdk/kms-v1/symmetric_key_service';

export interface Context {
  token?: { access_token?: string };
}

export type KmsClient = ReturnType<Session['client']> & {
  listVersions(request: ListSymmetricKeyVersionsRequest): Promise<ListSymmetricKeyVersionsResponse>;
  get(request: GetSymmetricKeyRequest): Promise<SymmetricKey>;
};

let cached: { token: string; client: KmsClient } | undefined;

export function clientFor(token: string): KmsClient {
  if (cached?.token !== token) {
    const session = new Session({ iamToken: token });
    // The SDK's own endpoint override: a custom endpoint for one service client (host:port, always TLS).
    const client = session.client(SymmetricKeyServiceClient, process.env.KMS_GRPC_ENDPOINT || undefined) as KmsClient;
    cached = { token, client };
  }
  return cached.client;
}
