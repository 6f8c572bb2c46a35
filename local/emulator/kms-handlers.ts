// What each KMS route does, once the request is routed, authenticated and not faulted.
import type { ApiContext, ApiRequest } from './api-context.ts';
import { type AuditedRequest, operationAudit } from './audit-events.ts';
import { createOperation, throwIfDefined } from './create-operation.ts';
import { Code, KmsError } from './grpc-status.ts';
import { newResourceId } from './ids.ts';
import { anyJson, type Json, keyJson, OPERATION_DESCRIPTION, TYPE_URL, versionJson } from './json-shapes.ts';
import { cancelDestruction, refuseCancelling, refuseScheduling, rotateKey, scheduleDestruction } from './lifecycle.ts';
import { operationJson } from './operations.ts';
import { keysScope, operationsScope, versionsScope } from './page-token.ts';
import { page } from './paging.ts';
import * as fields from './request-fields.ts';
import { formatTimestamp } from './time-format.ts';

export function getKey(ctx: ApiContext, request: ApiRequest): Json {
  return keyJson(ctx.keys.require(fields.requireId('keyId', request.pathId)));
}

export function listKeys(ctx: ApiContext, request: ApiRequest): Json {
  const folderId = fields.requireId('folderId', request.query.get('folderId') ?? '');
  const size = fields.pageSize(request.query.get('pageSize'));
  const token = fields.pageTokenText(request.query.get('pageToken'), 256);
  ctx.resources.requireFolderAccess(folderId);
  return page(ctx.pageTokens, { scope: keysScope(folderId), token, size }, ctx.keys.inFolder(folderId), 'keys', keyJson);
}

export function listVersions(ctx: ApiContext, request: ApiRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  const size = fields.pageSize(request.query.get('pageSize'));
  const token = fields.pageTokenText(request.query.get('pageToken'), 100);
  const key = ctx.keys.require(keyId);
  return page(ctx.pageTokens, { scope: versionsScope(keyId), token, size }, key.versions, 'keyVersions', versionJson);
}

/** Every operation made on the key (seeded history included), newest first. */
export function listOperations(ctx: ApiContext, request: ApiRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  const size = fields.pageSize(request.query.get('pageSize'));
  const token = fields.pageTokenText(request.query.get('pageToken'), 100);
  ctx.keys.require(keyId);
  return page(ctx.pageTokens, { scope: operationsScope(keyId), token, size }, ctx.operations.forKey(keyId), 'operations', operationJson);
}

export function rotate(ctx: ApiContext, request: ApiRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  ctx.keys.require(keyId);
  const newPrimaryVersionId = newResourceId();
  return createOperation(ctx, request, {
    description: OPERATION_DESCRIPTION.rotate,
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

export function scheduleVersionDestruction(ctx: ApiContext, request: ApiRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  const body = fields.bodyObject(request.body);
  const versionId = fields.requireId('versionId', body.versionId);
  const periodMs = fields.pendingPeriodMs(body.pendingPeriod, ctx.nowMs());
  const key = ctx.keys.require(keyId);
  const version = ctx.keys.requireVersion(key, versionId);
  // destroyAt is fixed when the request is accepted, as the metadata announces it.
  const destroyAtMs = ctx.nowMs() + periodMs;
  const parameters: AuditedRequest['parameters'] = { key_id: keyId, version_id: versionId };
  if (typeof body.pendingPeriod === 'string' && body.pendingPeriod !== '') parameters.pending_period = body.pendingPeriod;
  const audited: AuditedRequest = {
    method: 'ScheduleSymmetricKeyVersionDestruction',
    caller: request.caller,
    key,
    versionId,
    destroyAtMs,
    parameters,
  };
  const audit = operationAudit(ctx.audit, audited);
  const refusal = request.operationError ? undefined : refuseScheduling(key, version);
  if (refusal) throw audit.refused(refusal);
  const scheduledBy = request.caller.subject.id;
  return createOperation(
    ctx,
    request,
    {
      description: OPERATION_DESCRIPTION.schedule,
      keyId,
      metadataType: TYPE_URL.scheduleMetadata,
      metadata: { keyId, versionId, destroyAt: formatTimestamp(destroyAtMs) },
      finish: () => {
        const current = ctx.keys.require(keyId);
        const target = ctx.keys.requireVersion(current, versionId);
        throwIfDefined(refuseScheduling(current, target));
        scheduleDestruction(target, destroyAtMs, scheduledBy);
        return anyJson(TYPE_URL.symmetricKeyVersion, versionJson(target));
      },
    },
    audit,
  );
}

export function cancelVersionDestruction(ctx: ApiContext, request: ApiRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  const body = fields.bodyObject(request.body);
  const versionId = fields.requireId('versionId', body.versionId);
  const key = ctx.keys.require(keyId);
  const version = ctx.keys.requireVersion(key, versionId);
  const audit = operationAudit(ctx.audit, {
    method: 'CancelSymmetricKeyVersionDestruction',
    caller: request.caller,
    key,
    versionId,
    parameters: { key_id: keyId, version_id: versionId },
  });
  const refusal = !request.operationError && ctx.config.cancelRefusal === 'sync' ? refuseCancelling(version) : undefined;
  if (refusal) throw audit.refused(refusal);
  return createOperation(
    ctx,
    request,
    {
      description: OPERATION_DESCRIPTION.cancel,
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
    },
    audit,
  );
}

export function getOperation(ctx: ApiContext, request: ApiRequest): Json {
  const operationId = fields.requireId('operationId', request.pathId);
  const operation = ctx.operations.get(operationId);
  if (!operation) throw new KmsError(Code.NOT_FOUND, `Operation ${operationId} not found`);
  ctx.operations.poll(operation);
  return operationJson(operation);
}
