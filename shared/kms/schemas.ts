import * as z from 'zod/mini';
import { Status } from '../http/api-error.ts';

// Bodies the KMS REST API returns, as proto3 JSON: any field at its default value is left out
// (primary:false, an empty nextPageToken or list, STATUS_UNSPECIFIED), and `Any` fields may carry "@type".
// Resources are loose objects so fields a newer API adds reach our callers unchanged.

const Timestamp = z.string();

export const VersionStatus = z.enum(['STATUS_UNSPECIFIED', 'ACTIVE', 'SCHEDULED_FOR_DESTRUCTION', 'DESTROYED']);
export type VersionStatus = z.infer<typeof VersionStatus>;

export const SymmetricKeyVersion = z.looseObject({
  id: z.string().check(z.minLength(1)),
  keyId: z.optional(z.string()),
  status: z.optional(VersionStatus),
  algorithm: z.optional(z.string()),
  createdAt: z.optional(Timestamp),
  primary: z.optional(z.boolean()),
  destroyAt: z.optional(Timestamp),
  hostedByHsm: z.optional(z.boolean()),
});
export type SymmetricKeyVersion = z.infer<typeof SymmetricKeyVersion>;

export const ListVersionsResponse = z.object({
  keyVersions: z.optional(z.array(SymmetricKeyVersion)),
  nextPageToken: z.optional(z.string()),
});

export const SymmetricKey = z.looseObject({
  id: z.string().check(z.minLength(1)),
  folderId: z.optional(z.string()),
  createdAt: z.optional(Timestamp),
  name: z.optional(z.string()),
  description: z.optional(z.string()),
  labels: z.optional(z.record(z.string(), z.string())),
  status: z.optional(z.string()),
  primaryVersion: z.optional(SymmetricKeyVersion),
  defaultAlgorithm: z.optional(z.string()),
  rotatedAt: z.optional(Timestamp),
  rotationPeriod: z.optional(z.string()),
  deletionProtection: z.optional(z.boolean()),
});
export type SymmetricKey = z.infer<typeof SymmetricKey>;

export const ListKeysResponse = z.object({
  keys: z.optional(z.array(SymmetricKey)),
  nextPageToken: z.optional(z.string()),
});

export const Operation = z.looseObject({
  id: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  createdAt: z.optional(Timestamp),
  createdBy: z.optional(z.string()),
  modifiedAt: z.optional(Timestamp),
  done: z.optional(z.boolean()),
  metadata: z.optional(z.looseObject({})),
  error: z.optional(Status),
  response: z.optional(z.looseObject({})),
});
export type Operation = z.infer<typeof Operation>;
