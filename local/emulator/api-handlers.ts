// Dispatches a routed, authenticated request that no fault answered to the handler of its route.
import type { ApiContext, ApiRequest } from './api-context.ts';
import type { Json } from './json-shapes.ts';
import { createKey, deleteKey, updateKey } from './key-handlers.ts';
import * as kms from './kms-handlers.ts';
import { writeMetrics } from './monitoring-handlers.ts';
import { listClouds, listFolders } from './resource-manager-handlers.ts';

export function handleApiRequest(ctx: ApiContext, request: ApiRequest): Json {
  switch (request.route) {
    case 'get':
      return kms.getKey(ctx, request);
    case 'list':
      return kms.listKeys(ctx, request);
    case 'create':
      return createKey(ctx, request);
    case 'update':
      return updateKey(ctx, request);
    case 'delete':
      return deleteKey(ctx, request);
    case 'listVersions':
      return kms.listVersions(ctx, request);
    case 'listOperations':
      return kms.listOperations(ctx, request);
    case 'rotate':
      return kms.rotate(ctx, request);
    case 'scheduleVersionDestruction':
      return kms.scheduleVersionDestruction(ctx, request);
    case 'cancelVersionDestruction':
      return kms.cancelVersionDestruction(ctx, request);
    case 'getOperation':
      return kms.getOperation(ctx, request);
    case 'listClouds':
      return listClouds(ctx, request);
    case 'listFolders':
      return listFolders(ctx, request);
    case 'monitoringWrite':
      return writeMetrics(ctx, request);
  }
}
