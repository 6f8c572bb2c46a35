// Resource Manager's Cloud.List and Folder.List: the clouds a caller sees and the folders of one of them.
import type { ApiContext, ApiRequest } from './api-context.ts';
import type { Json } from './json-shapes.ts';
import { cloudsScope, foldersScope } from './page-token.ts';
import { page } from './paging.ts';
import * as fields from './request-fields.ts';
import type { CloudRecord, FolderRecord } from './resource-records.ts';
import { formatTimestamp } from './time-format.ts';

// The Resource Manager API's limit on page tokens (KMS allows 100 characters, Resource Manager 2000).
const PAGE_TOKEN_MAX_LENGTH = 2000;

/** An organization with no clouds, known or not, answers an empty list. */
export function listClouds(ctx: ApiContext, request: ApiRequest): Json {
  const organizationText = request.query.get('organizationId') ?? '';
  const organizationId = organizationText === '' ? undefined : fields.requireId('organizationId', organizationText);
  const size = fields.pageSize(request.query.get('pageSize'));
  const token = fields.pageTokenText(request.query.get('pageToken'), PAGE_TOKEN_MAX_LENGTH);
  const clouds = ctx.resources.visibleClouds(organizationId);
  return page(ctx.pageTokens, { scope: cloudsScope(organizationId), token, size }, clouds, 'clouds', cloudJson);
}

export function listFolders(ctx: ApiContext, request: ApiRequest): Json {
  const cloudId = fields.requireId('cloudId', request.query.get('cloudId') ?? '');
  const size = fields.pageSize(request.query.get('pageSize'));
  const token = fields.pageTokenText(request.query.get('pageToken'), PAGE_TOKEN_MAX_LENGTH);
  const cloud = ctx.resources.requireVisibleCloud(cloudId);
  return page(ctx.pageTokens, { scope: foldersScope(cloudId), token, size }, cloud.folders, 'folders', folderJson);
}

/** proto3 JSON: an empty description or label map is left out. */
function cloudJson(cloud: CloudRecord): Json {
  const json: Json = { id: cloud.id, createdAt: formatTimestamp(cloud.createdAtMs), name: cloud.name };
  if (cloud.description) json.description = cloud.description;
  json.organizationId = cloud.organizationId;
  if (Object.keys(cloud.labels).length > 0) json.labels = { ...cloud.labels };
  return json;
}

function folderJson(folder: FolderRecord): Json {
  const json: Json = { id: folder.id, cloudId: folder.cloudId, createdAt: formatTimestamp(folder.createdAtMs), name: folder.name };
  if (folder.description) json.description = folder.description;
  if (Object.keys(folder.labels).length > 0) json.labels = { ...folder.labels };
  json.status = folder.status;
  return json;
}
