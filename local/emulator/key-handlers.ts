// The KMS routes that change a key itself: Create, Update (PATCH with updateMask) and Delete, each an
// operation with its Audit Trails records; and support's restore of a deleted key (admin API only).
import type { ApiContext, ApiRequest } from './api-context.ts';
import { type AuditedRequest, operationAudit, recordAudit } from './audit-events.ts';
import type { Caller } from './caller.ts';
import { createOperation, throwIfDefined } from './create-operation.ts';
import { newResourceId } from './ids.ts';
import { anyJson, type Json, keyJson, OPERATION_DESCRIPTION, TYPE_URL } from './json-shapes.ts';
import { refuseDeleting } from './key-deletion.ts';
import { algorithmOf, createChanges, updateChanges } from './key-fields.ts';
import type { KeyRecord, VersionRecord } from './records.ts';
import * as fields from './request-fields.ts';
import { DEFAULT_ALGORITHM } from './seed-normalize.ts';

export function createKey(ctx: ApiContext, request: ApiRequest): Json {
  const body = fields.bodyObject(request.body);
  const folderId = fields.requireId('folderId', body.folderId);
  const defaultAlgorithm = body.defaultAlgorithm === undefined ? DEFAULT_ALGORITHM : algorithmOf(body.defaultAlgorithm);
  const changes = createChanges(body);
  ctx.resources.requireFolderAccess(folderId);
  const key = newKey(folderId, defaultAlgorithm, ctx.nowMs());
  for (const change of changes) change(key);
  const primaryVersionId = key.versions[0]!.id;
  const parameters: AuditedRequest['parameters'] = {
    folder_id: folderId,
    ...snakeCased(body, ['name', 'description', 'labels']),
    default_algorithm: defaultAlgorithm,
    ...snakeCased(body, ['rotationPeriod', 'deletionProtection']),
  };
  const audit = operationAudit(ctx.audit, { method: 'CreateSymmetricKey', caller: request.caller, key, parameters });
  return createOperation(
    ctx,
    request,
    {
      description: OPERATION_DESCRIPTION.create,
      keyId: key.id,
      metadataType: TYPE_URL.createMetadata,
      metadata: { keyId: key.id, primaryVersionId },
      finish: () => {
        ctx.keys.add(key);
        return anyJson(TYPE_URL.symmetricKey, keyJson(key));
      },
    },
    audit,
  );
}

export function updateKey(ctx: ApiContext, request: ApiRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  const body = fields.bodyObject(request.body);
  const { paths, changes } = updateChanges(body);
  const key = ctx.keys.require(keyId);
  const parameters: AuditedRequest['parameters'] = { key_id: keyId, update_mask: paths.join(','), ...snakeCased(body, paths) };
  const audit = operationAudit(ctx.audit, { method: 'UpdateSymmetricKey', caller: request.caller, key, parameters });
  return createOperation(
    ctx,
    request,
    {
      description: OPERATION_DESCRIPTION.update,
      keyId,
      metadataType: TYPE_URL.updateMetadata,
      metadata: { keyId },
      finish: () => {
        const current = ctx.keys.require(keyId);
        for (const change of changes) change(current);
        return anyJson(TYPE_URL.symmetricKey, keyJson(current));
      },
    },
    audit,
  );
}

/** A protected key is refused at once; any other leaves the API and its versions are scheduled for +72 h. */
export function deleteKey(ctx: ApiContext, request: ApiRequest): Json {
  const keyId = fields.requireId('keyId', request.pathId);
  const key = ctx.keys.require(keyId);
  const audit = operationAudit(ctx.audit, { method: 'DeleteSymmetricKey', caller: request.caller, key, parameters: { key_id: keyId } });
  const refusal = request.operationError ? undefined : refuseDeleting(key);
  if (refusal) throw audit.refused(refusal);
  const deletedBy = request.caller.subject.id;
  return createOperation(
    ctx,
    request,
    {
      description: OPERATION_DESCRIPTION.delete,
      keyId,
      metadataType: TYPE_URL.deleteMetadata,
      metadata: { keyId },
      finish: () => {
        const current = ctx.keys.require(keyId);
        throwIfDefined(refuseDeleting(current));
        const json = keyJson(current);
        ctx.keys.delete(current, deletedBy);
        return anyJson(TYPE_URL.symmetricKey, json);
      },
    },
    audit,
  );
}

/** Who restores a deleted key: Yandex Cloud support, on a customer's request. */
const SUPPORT: Caller = {
  subject: { id: 'ajesupport0000000001', name: 'yandex-cloud-support', type: 'SERVICE_ACCOUNT' },
  maskedToken: '***',
  tokenId: 'tokyandexcloudsupport',
  remoteAddress: '',
  remotePort: '',
  userAgent: 'support',
  requestId: '',
};

/** Support's restore of a deleted key within its 72 hours: the key and its versions come back (else a RestoreError). */
export function restoreDeletedKey(ctx: ApiContext, keyId: string): KeyRecord {
  const key = ctx.keys.restore(keyId);
  recordAudit(ctx.audit, {
    method: 'CancelDeleteSymmetricKey',
    caller: { ...SUPPORT, requestId: newResourceId('req') },
    key,
    parameters: { key_id: keyId },
  });
  return key;
}

function newKey(folderId: string, defaultAlgorithm: KeyRecord['defaultAlgorithm'], nowMs: number): KeyRecord {
  const id = newResourceId();
  const primary: VersionRecord = {
    id: newResourceId(),
    keyId: id,
    status: 'ACTIVE',
    algorithm: defaultAlgorithm,
    createdAtMs: nowMs,
    primary: true,
    hostedByHsm: defaultAlgorithm === 'AES_256_HSM',
  };
  return {
    id,
    folderId,
    name: '',
    description: '',
    labels: {},
    status: 'ACTIVE',
    defaultAlgorithm,
    createdAtMs: nowMs,
    deletionProtection: false,
    accessDenied: false,
    versions: [primary],
    versionsById: new Map([[primary.id, primary]]),
  };
}

/** The request's own fields among `names`, snake_cased, as the event's request_parameters write them. */
function snakeCased(body: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (body[name] !== undefined) out[name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = body[name];
  return out;
}
