import * as z from 'zod/mini';
import { Status } from '../http/api-error.ts';
import { Labels, optionalText, pageOf, RequiredId } from '../http/proto-json.ts';

// Bodies the KMS REST API returns. Resources are loose objects so fields a newer API adds reach our
// callers unchanged; `Any` fields may carry "@type".

export const VersionStatus = z.enum(['STATUS_UNSPECIFIED', 'ACTIVE', 'SCHEDULED_FOR_DESTRUCTION', 'DESTROYED']);
export type VersionStatus = z.infer<typeof VersionStatus>;

export const SymmetricKeyVersion = z.looseObject({
  id: RequiredId,
  status: z.optional(VersionStatus),
  primary: z.optional(z.boolean()),
  hostedByHsm: z.optional(z.boolean()),
  ...optionalText('keyId', 'algorithm', 'createdAt', 'destroyAt'),
});
export type SymmetricKeyVersion = z.infer<typeof SymmetricKeyVersion>;

export const SymmetricKey = z.looseObject({
  id: RequiredId,
  labels: z.optional(Labels),
  primaryVersion: z.optional(SymmetricKeyVersion),
  deletionProtection: z.optional(z.boolean()),
  ...optionalText('folderId', 'createdAt', 'name', 'description', 'status', 'defaultAlgorithm', 'rotatedAt', 'rotationPeriod'),
});
export type SymmetricKey = z.infer<typeof SymmetricKey>;

export const Operation = z.looseObject({
  id: RequiredId,
  done: z.optional(z.boolean()),
  metadata: z.optional(z.looseObject({})),
  error: z.optional(Status),
  response: z.optional(z.looseObject({})),
  ...optionalText('description', 'createdAt', 'createdBy', 'modifiedAt'),
});
export type Operation = z.infer<typeof Operation>;

export const ListVersionsResponse = pageOf('keyVersions', SymmetricKeyVersion);
export const ListKeysResponse = pageOf('keys', SymmetricKey);
export const ListOperationsResponse = pageOf('operations', Operation);
