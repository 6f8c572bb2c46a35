// Resources as the KMS REST API writes them: proto3 JSON, where a field at its default value
// (false, "", an empty map or list) is left out.
import type { KeyRecord, VersionRecord } from './records.ts';
import { formatTimestamp } from './time-format.ts';

export type Json = Record<string, unknown>;

export const TYPE_URL = {
  symmetricKey: 'type.googleapis.com/yandex.cloud.kms.v1.SymmetricKey',
  symmetricKeyVersion: 'type.googleapis.com/yandex.cloud.kms.v1.SymmetricKeyVersion',
  createMetadata: 'type.googleapis.com/yandex.cloud.kms.v1.CreateSymmetricKeyMetadata',
  updateMetadata: 'type.googleapis.com/yandex.cloud.kms.v1.UpdateSymmetricKeyMetadata',
  deleteMetadata: 'type.googleapis.com/yandex.cloud.kms.v1.DeleteSymmetricKeyMetadata',
  rotateMetadata: 'type.googleapis.com/yandex.cloud.kms.v1.RotateSymmetricKeyMetadata',
  scheduleMetadata: 'type.googleapis.com/yandex.cloud.kms.v1.ScheduleSymmetricKeyVersionDestructionMetadata',
  cancelMetadata: 'type.googleapis.com/yandex.cloud.kms.v1.CancelSymmetricKeyVersionDestructionMetadata',
} as const;

export const OPERATION_DESCRIPTION = {
  create: 'Create symmetric key',
  update: 'Update symmetric key',
  delete: 'Delete symmetric key',
  rotate: 'Rotate symmetric key',
  schedule: 'Schedule symmetric key version destruction',
  cancel: 'Cancel symmetric key version destruction',
} as const;

export function versionJson(version: VersionRecord): Json {
  const json: Json = {
    id: version.id,
    keyId: version.keyId,
    status: version.status,
    algorithm: version.algorithm,
    createdAt: formatTimestamp(version.createdAtMs),
  };
  if (version.primary) json.primary = true;
  if (version.destroyAtMs !== undefined) json.destroyAt = formatTimestamp(version.destroyAtMs);
  if (version.hostedByHsm) json.hostedByHsm = true;
  return json;
}

export function keyJson(key: KeyRecord): Json {
  const json: Json = { id: key.id, folderId: key.folderId, createdAt: formatTimestamp(key.createdAtMs) };
  if (key.name) json.name = key.name;
  if (key.description) json.description = key.description;
  if (Object.keys(key.labels).length > 0) json.labels = { ...key.labels };
  json.status = key.status;
  const primary = key.versions.find((version) => version.primary);
  if (primary) json.primaryVersion = versionJson(primary);
  json.defaultAlgorithm = key.defaultAlgorithm;
  if (key.rotatedAtMs !== undefined) json.rotatedAt = formatTimestamp(key.rotatedAtMs);
  if (key.rotationPeriod !== undefined) json.rotationPeriod = key.rotationPeriod;
  if (key.deletionProtection) json.deletionProtection = true;
  return json;
}

/** A page of a list answer: the list and the token are left out when empty. */
export function pageJson(listField: string, items: Json[], nextPageToken: string | undefined): Json {
  const json: Json = {};
  if (items.length > 0) json[listField] = items;
  if (nextPageToken) json.nextPageToken = nextPageToken;
  return json;
}

/** An `Any` value: the message's fields plus its "@type". */
export function anyJson(typeUrl: string, message: Json): Json {
  return { '@type': typeUrl, ...message };
}
