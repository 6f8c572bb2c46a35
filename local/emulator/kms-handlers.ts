// What each KMS route does, once the request is routed, authenticated and not faulted.
import { Code, KmsError } from './grpc-status.ts';
import { newResourceId } from './ids.ts';
import { anyJson, type Json, keyJson, pageJson, TYPE_URL, versionJson } from './json-shapes.ts';
import { cancelDestruction, refuseCancelling, refuseScheduling, rotateKey, scheduleDestruction } from './lifecycle.ts';
import { type OperationStore, operationJson } from './operations.ts';
import { keysScope, type PageTokens, versionsScope } from './page-token.ts';
import * as fields from './request-fields.ts';
import type { KeyStore } from './state.ts';
import { formatTimestamp } from './time-format.ts';
import type { EmulatorConfig, RouteName } from './types.ts';

export interface KmsContext {
  keys: KeyStore;
  operations: OperationStore;
  pageTokens: PageTokens;
  config: EmulatorConfig;
  nowMs: () => number;
}

export interface KmsRequest {
  route: RouteName;
  /** From the path: keyId for key routes, operationId for getOperation. */
  pathId: string;
  query: URLSearchParams;
  body: fields.ParsedBody;
  /** An injected fault: the operation is created but ends with this error and changes nothing. */
  operationError?: { code: number; message: string };
}

export function handleKmsRequest(ctx: KmsContext, request: KmsRequest): Json {
  switch (request.route) {
    case 'get':
      return keyJson(ctx.keys.require(fields.requireId('keyId', request.pathId)));
    case 'list':
      return listKeys(ctx, request.query);
    case 'listVersions':
      return listVersions(ctx, request.pathId, request.query);
    case 'rotate':
      return rotate(ctx, request);
    case 'scheduleVersionDestruction':
      return scheduleVersionDestruction(ctx, request);
    case 'cancelVersionDestruction':
      return cancelVersionDestruction(ctx, request);
    case 'getOperation':
      return getOperation(ctx, request.pathId);
  }
}

function listKeys(ctx: KmsContext, query: URLSearchParams): Json {
  const folderId = fields.requireId('folderId', query.get('folderId') ?? '');
  const size = fields.pageSize(query.get('pageSize'));
  const token = fields.pageTokenText(query.get('pageToken'), 256);
  const keys = ctx.keys.inFolder(folderId);
  return page(ctx, keysScope(folderId), token, size, keys, 'keys', keyJson);
}

function listVersions(ctx: KmsContext, keyId: string, query: URLSearchParams): Json {
  fields.requireId('keyId', keyId);
  const size = fields.pageSize(query.get('pageSize'));
  const token = fields.pageTokenText(query.get('pageToken'), 100);
  const key = ctx.keys.require(keyId);
  return page(ctx, versionsScope(keyId), token, size, key.versions, 'keyVersions', versionJson);
}

function page<T>(
  ctx: KmsContext,
  scope: string,
  token: string,
  size: number,
  items: T[],
  listField: string,
  render: (item: T) => Json,
): Json {
  const offset = token === '' ? 0 : ctx.pageTokens.read(scope, token);
  if (offset === undefined) throw fields.invalidPageToken();
  const end = offset + size;
  const next = end < items.length ? ctx.pageTokens.issue(scope, end) : undefined;
  return pageJson(listField, items.slice(offset, end).map(render), next);
}

function rotate(ctx: KmsContext, request: KmsRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  ctx.keys.require(keyId);
  const newPrimaryVersionId = newResourceId();
  return createOperation(ctx, request, {
    description: 'Rotate symmetric key',
    keyId,
    metadataType: TYPE_URL.rotateMetadata,
    metadata: { keyId, newPrimaryVersionId },
    finish: () => {
      const key = ctx.keys.require(keyId);
      rotateKey(key, newPrimaryVersionId, ctx.nowMs());
      return anyJson(TYPE_URL.symmetricKey, keyJson(key));
    },
  });
}

function scheduleVersionDestruction(ctx: KmsContext, request: KmsRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  const body = fields.bodyObject(request.body);
  const versionId = fields.requireId('versionId', body.versionId);
  const periodMs = fields.pendingPeriodMs(body.pendingPeriod, ctx.nowMs());
  const key = ctx.keys.require(keyId);
  const version = ctx.keys.requireVersion(key, versionId);
  if (!request.operationError) throwIfDefined(refuseScheduling(key, version));
  // destroyAt is fixed when the request is accepted, as the metadata announces it.
  const destroyAtMs = ctx.nowMs() + periodMs;
  return createOperation(ctx, request, {
    description: 'Schedule symmetric key version destruction',
    keyId,
    metadataType: TYPE_URL.scheduleMetadata,
    metadata: { keyId, versionId, destroyAt: formatTimestamp(destroyAtMs) },
    finish: () => {
      const current = ctx.keys.require(keyId);
      const target = ctx.keys.requireVersion(current, versionId);
      throwIfDefined(refuseScheduling(current, target));
      scheduleDestruction(target, destroyAtMs);
      return anyJson(TYPE_URL.symmetricKeyVersion, versionJson(target));
    },
  });
}

function cancelVersionDestruction(ctx: KmsContext, request: KmsRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  const body = fields.bodyObject(request.body);
  const versionId = fields.requireId('versionId', body.versionId);
  const key = ctx.keys.require(keyId);
  const version = ctx.keys.requireVersion(key, versionId);
  if (!request.operationError && ctx.config.cancelRefusal === 'sync') throwIfDefined(refuseCancelling(version));
  return createOperation(ctx, request, {
    description: 'Cancel symmetric key version destruction',
    keyId,
    metadataType: TYPE_URL.cancelMetadata,
    metadata: { keyId, versionId },
    finish: () => {
      const current = ctx.keys.require(keyId);
      const target = ctx.keys.requireVersion(current, versionId);
      throwIfDefined(refuseCancelling(target));
      cancelDestruction(target);
      return anyJson(TYPE_URL.symmetricKeyVersion, versionJson(target));
    },
  });
}

function getOperation(ctx: KmsContext, operationId: string): Json {
  fields.requireId('operationId', operationId);
  const operation = ctx.operations.get(operationId);
  if (!operation) throw new KmsError(Code.NOT_FOUND, `Operation ${operationId} not found`);
  ctx.operations.poll(operation);
  return operationJson(operation);
}

interface OperationSpec {
  description: string;
  keyId: string;
  metadataType: string;
  metadata: Json;
  finish: () => Json;
}

/** An injected operationError replaces the change: the operation ends with that error instead. */
function createOperation(ctx: KmsContext, request: KmsRequest, spec: OperationSpec): Json {
  const injected = request.operationError;
  const finish = injected
    ? () => {
        throw new KmsError(injected.code, injected.message);
      }
    : spec.finish;
  return operationJson(ctx.operations.create({ ...spec, finish, polls: ctx.config.operationPolls }));
}

function throwIfDefined(error: KmsError | undefined): void {
  if (error) throw error;
}
