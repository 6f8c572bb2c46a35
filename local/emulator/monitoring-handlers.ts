// Monitoring's MetricsData.Write for custom metrics: checked, kept, and counted back.
import type { ApiContext, ApiRequest } from './api-context.ts';
import { KmsError } from './grpc-status.ts';
import type { Json } from './json-shapes.ts';
import { checkWriteBody } from './monitoring-schema.ts';
import * as fields from './request-fields.ts';
import { formatTimestamp } from './time-format.ts';

export function writeMetrics(ctx: ApiContext, request: ApiRequest): Json {
  const folderId = fields.requireId('folderId', request.query.get('folderId') ?? '');
  const service = fields.requireId('service', request.query.get('service') ?? '');
  // Other services' metrics are written by the services themselves; a client may write only custom ones.
  if (service !== 'custom')
    throw KmsError.invalidField('service', `must be "custom" for metrics written through the API, got "${service}"`);
  ctx.resources.requireFolderAccess(folderId);
  // An empty body is {}: the schema then names the missing metrics.
  const raw = fields.bodyObject(request.body);
  const body = checkWriteBody(raw);
  ctx.metrics.add({ folderId, service, receivedAt: formatTimestamp(ctx.nowMs()), body: raw });
  // The documentation types the count as an int64 string; the service answers a JSON number.
  return { writtenMetricsCount: body.metrics.length };
}
