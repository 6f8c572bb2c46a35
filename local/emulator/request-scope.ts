// What a request is about, before it is handled: the key (for keyId fault rules and the request log)
// and every resource from that key up to its organization (for resourceId fault rules).
import type { ApiContext } from './api-context.ts';
import type { RouteName } from './types.ts';

export interface RequestScope {
  keyId?: string;
  resourceIds: string[];
}

export function requestScope(ctx: ApiContext, route: RouteName, pathId: string, query: URLSearchParams): RequestScope {
  switch (route) {
    case 'list':
    case 'monitoringWrite':
      return folderScope(ctx, query.get('folderId'));
    case 'listClouds': {
      const organizationId = query.get('organizationId');
      return { resourceIds: organizationId ? [organizationId] : [] };
    }
    case 'listFolders': {
      const cloudId = query.get('cloudId');
      return { resourceIds: cloudId ? ctx.resources.lineageOfCloud(cloudId) : [] };
    }
    case 'getOperation':
      return keyScope(ctx, ctx.operations.get(pathId)?.keyId);
    default:
      return keyScope(ctx, pathId || undefined);
  }
}

function keyScope(ctx: ApiContext, keyId: string | undefined): RequestScope {
  if (keyId === undefined) return { resourceIds: [] };
  const folderId = ctx.keys.peek(keyId)?.folderId;
  return { keyId, resourceIds: [keyId, ...(folderId ? ctx.resources.lineageOfFolder(folderId) : [])] };
}

function folderScope(ctx: ApiContext, folderId: string | null): RequestScope {
  return { resourceIds: folderId ? ctx.resources.lineageOfFolder(folderId) : [] };
}
