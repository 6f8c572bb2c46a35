// Audit Trails events as a Cloud Logging log group holds them: each record is what the Cloud Logging
// trigger delivers in details.messages[]. Field names follow the audit log format (snake_case).
import type { SubjectType } from './subjects.ts';

export type AuditEventStatus = 'STARTED' | 'DONE' | 'ERROR' | 'CANCELLED';
export type AuditLogLevel = 'INFO' | 'WARN' | 'ERROR';

export interface AuditResource {
  resource_type: 'resource-manager.cloud' | 'resource-manager.folder';
  resource_id: string;
  resource_name?: string;
}

export interface AuditEvent {
  event_id: string;
  event_source: 'kms';
  event_type: string;
  event_time: string;
  authentication: {
    authenticated: true;
    subject_type: SubjectType;
    subject_id: string;
    subject_name?: string;
    token_info: { masked_iam_token: string; iam_token_id: string };
  };
  authorization: { authorized: true };
  resource_metadata: { path: AuditResource[] };
  request_metadata: { remote_address: string; user_agent: string; request_id: string; remote_port: string };
  event_status: AuditEventStatus;
  /** Only on ERROR: how the operation ended. */
  error?: { code: number; message: string };
  /** The key as it is when the record is made (KMS events reference, in snake_case). */
  details: Record<string, unknown>;
  /** The request's fields in snake_case: key_id (folder_id for a Create), then what the method takes. */
  request_parameters: { key_id?: string; version_id?: string; [field: string]: unknown };
  /** The operation the request started; absent when the request was refused before one was created. */
  response?: { operation_id: string };
}

export interface AuditLogEntry {
  resource: { type: 'audit-trails.trail'; id: string };
  /** The event's time on the emulator clock (RFC3339). */
  timestamp: string;
  level: AuditLogLevel;
  /** "<event_status> <event_type> <subject_name>" */
  message: string;
  json_payload: AuditEvent;
}
