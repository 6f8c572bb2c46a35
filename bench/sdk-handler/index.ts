// The comparator: list-versions as a user would write it with the official SDK (gRPC over TLS).
// It answers the same HTTP event with the same JSON shape, so the bench compares like with like.
import { ListSymmetricKeyVersionsRequest, ListSymmetricKeyVersionsResponse } from '@yandex-cloud/nodejs-sdk/kms-v1/symmetric_key_service';
import { type Context, clientFor } from './sdk-client.ts';

interface HttpEvent {
  queryStringParameters?: Record<string, string>;
}

export async function handler(event: HttpEvent, context?: Context) {
  const token = context?.token?.access_token ?? process.env.YC_IAM_TOKEN;
  const query = event.queryStringParameters ?? {};
  if (!token || !query.keyId) {
    return {
      statusCode: 400,
      headers: { 'Content-Type': 'application/json' },
      body: '{"code":3,"message":"keyId and a token are required"}',
    };
  }
  try {
    const response = await clientFor(token).listVersions(
      ListSymmetricKeyVersionsRequest.fromPartial({
        keyId: query.keyId,
        pageSize: query.pageSize ? Number(query.pageSize) : 0,
        pageToken: query.pageToken ?? '',
      }),
    );
    return {
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ListSymmetricKeyVersionsResponse.toJSON(response)),
    };
  } catch (error) {
    const code = (error as { code?: number }).code ?? 2;
    return {
      statusCode: 500,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, message: String((error as Error).message) }),
    };
  }
}
