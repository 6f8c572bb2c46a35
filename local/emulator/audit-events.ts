// Audit Trails records of one KMS change (create, update or delete a key; schedule or cancel a version's
// destruction): STARTED when its operation is created, then DONE or ERROR when the operation ends; a
// request refused at once leaves a single ERROR record. Support's restore of a deleted key leaves one DONE.
import { randomUUID } from 'node:crypto';
import type { AuditLog } from './audit-log.ts';
import type { AuditEvent, AuditEventStatus, AuditLogEntry, AuditResource } from './audit-types.ts';
import type { Caller } from './caller.ts';
import type { KmsError } from './grpc-status.ts';
import type { OperationRecord } from './operations.ts';
import type { KeyRecord } from './records.ts';
import type { ResourceTree } from './resource-tree.ts';
import { DEFAULT_CLOUD_ID } from './seed-clouds.ts';
import { formatTimestamp } from './time-format.ts';

export interface AuditContext {
  log: AuditLog;
  /** The trail the records come from: one per emulator. */
  trailId: string;
  resources: ResourceTree;
  nowMs: () => number;
}

type AuditedMethod =
  | 'CreateSymmetricKey'
  | 'UpdateSymmetricKey'
  | 'DeleteSymmetricKey'
  | 'CancelDeleteSymmetricKey'
  | 'ScheduleSymmetricKeyVersionDestruction'
  | 'CancelSymmetricKeyVersionDestruction';

export interface AuditedRequest {
  method: AuditedMethod;
  caller: Caller;
  /** The live record: details show the key as it is when each record is made. */
  key: KeyRecord;
  /** Version methods: the version the request is about. */
  versionId?: string;
  /** Schedule only: when the version is to be destroyed. */
  destroyAtMs?: number;
  /** The request's fields in snake_case, as the event's request_parameters carry them. */
  parameters: AuditEvent['request_parameters'];
}

export interface OperationAudit {
  /** Records a refusal made before any operation exists; returns the error for the caller to throw. */
  refused(error: KmsError): KmsError;
  started(operation: OperationRecord): void;
  finished(operation: OperationRecord): void;
}

export function operationAudit(ctx: AuditContext, request: AuditedRequest): OperationAudit {
  const record = (status: AuditEventStatus, operation?: OperationRecord, error?: { code: number; message: string }) =>
    ctx.log.record(auditEntry(ctx, request, status, operation, error));
  return {
    refused(error) {
      record('ERROR', undefined, { code: error.code, message: error.message });
      return error;
    },
    started: (operation) => record('STARTED', operation),
    finished(operation) {
      const result = operation.result;
      if (result && 'error' in result) record('ERROR', operation, result.error);
      else record('DONE', operation);
    },
  };
}

function auditEntry(
  ctx: AuditContext,
  request: AuditedRequest,
  status: AuditEventStatus,
  operation: OperationRecord | undefined,
  error: { code: number; message: string } | undefined,
): AuditLogEntry {
  const { caller, key } = request;
  const time = formatTimestamp(ctx.nowMs());
  const eventType = `yandex.cloud.audit.kms.${request.method}`;
  const authentication: AuditEvent['authentication'] = {
    authenticated: true,
    subject_type: caller.subject.type,
    subject_id: caller.subject.id,
    ...(caller.subject.name !== undefined ? { subject_name: caller.subject.name } : {}),
    token_info: { masked_iam_token: caller.maskedToken, iam_token_id: caller.tokenId },
  };
  const event: AuditEvent = {
    event_id: randomUUID(),
    event_source: 'kms',
    event_type: eventType,
    event_time: time,
    authentication,
    authorization: { authorized: true },
    resource_metadata: { path: resourcePath(ctx.resources, key.folderId) },
    request_metadata: {
      remote_address: caller.remoteAddress,
      user_agent: caller.userAgent,
      request_id: caller.requestId,
      remote_port: caller.remotePort,
    },
    event_status: status,
    details: keyDetails(request),
    request_parameters: request.parameters,
  };
  if (error) event.error = { code: error.code, message: error.message };
  if (operation) event.response = { operation_id: operation.id };
  return {
    resource: { type: 'audit-trails.trail', id: ctx.trailId },
    timestamp: time,
    level: status === 'ERROR' ? 'ERROR' : status === 'CANCELLED' ? 'WARN' : 'INFO',
    message: `${status} ${eventType} ${caller.subject.name ?? caller.subject.id}`,
    json_payload: event,
  };
}

/** The cloud and folder of the key; a folder no seeded cloud holds is put in the default cloud. */
function resourcePath(resources: ResourceTree, folderId: string): AuditResource[] {
  const folder = resources.folder(folderId);
  const cloud = folder && resources.cloud(folder.cloudId);
  const cloudEntry: AuditResource = { resource_type: 'resource-manager.cloud', resource_id: cloud?.id ?? DEFAULT_CLOUD_ID };
  if (cloud) cloudEntry.resource_name = cloud.name;
  const folderEntry: AuditResource = { resource_type: 'resource-manager.folder', resource_id: folderId };
  if (folder) folderEntry.resource_name = folder.name;
  return [cloudEntry, folderEntry];
}

/** EventDetails of the KMS events reference, in snake_case; fields at their default are left out. */
function keyDetails(request: AuditedRequest): Record<string, unknown> {
  const { key } = request;
  const details: Record<string, unknown> = { key_id: key.id };
  if (key.name) details.key_name = key.name;
  if (request.versionId !== undefined) details.version_id = request.versionId;
  if (request.destroyAtMs !== undefined) details.destroy_at = formatTimestamp(request.destroyAtMs);
  details.key_status = key.status;
  details.deletion_protection = key.deletionProtection;
  details.default_algorithm = key.defaultAlgorithm;
  if (key.rotationPeriod !== undefined) details.rotation_period = key.rotationPeriod;
  const primary = key.versions.find((version) => version.primary);
  if (primary) {
    // The key events name the primary version; the version events name their own version instead.
    if (request.versionId === undefined) details.primary_version_id = primary.id;
    details.primary_version_status = primary.status;
    details.primary_version_algorithm = primary.algorithm;
    details.primary_version_hosted_by_hsm = primary.hostedByHsm;
  }
  if (key.description) details.description = key.description;
  details.labels = { ...key.labels };
  details.created_at = formatTimestamp(key.createdAtMs);
  if (key.rotatedAtMs !== undefined) details.rotated_at = formatTimestamp(key.rotatedAtMs);
  if (primary) details.primary_version_created_at = formatTimestamp(primary.createdAtMs);
  return details;
}

/** One record of a change that has no operation and no request of its own (support's restore of a deleted key). */
export function recordAudit(ctx: AuditContext, request: AuditedRequest): void {
  ctx.log.record(auditEntry(ctx, request, 'DONE', undefined, undefined));
}
