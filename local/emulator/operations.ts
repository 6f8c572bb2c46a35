// Long-running operations: created by rotate/schedule/cancel, finished after the configured number of
// GET /operations/{id} polls. The change is applied only when the operation finishes.
import { KmsError } from './grpc-status.ts';
import { EMULATOR_SUBJECT_ID, newResourceId } from './ids.ts';
import { anyJson, type Json } from './json-shapes.ts';
import { formatTimestamp } from './time-format.ts';

/** What finishing an operation produced: its response, or the error it ended with. */
export type OperationResult = { response: Json } | { error: { code: number; message: string } };

export interface OperationRecord {
  id: string;
  description: string;
  keyId: string;
  createdAtMs: number;
  modifiedAtMs: number;
  metadata: Json;
  pollsLeft: number;
  /** Applies the change (re-checking its preconditions) and returns the response; a KmsError ends the operation with that error. */
  finish: () => Json;
  result?: OperationResult;
}

export interface NewOperation {
  description: string;
  keyId: string;
  metadataType: string;
  metadata: Json;
  polls: number;
  finish: () => Json;
}

export class OperationStore {
  private operations = new Map<string, OperationRecord>();

  constructor(private readonly nowMs: () => number) {}

  /** With no polls required the operation finishes at once, inside the request that created it. */
  create(spec: NewOperation): OperationRecord {
    const nowMs = this.nowMs();
    const operation: OperationRecord = {
      id: newResourceId(),
      description: spec.description,
      keyId: spec.keyId,
      createdAtMs: nowMs,
      modifiedAtMs: nowMs,
      metadata: anyJson(spec.metadataType, spec.metadata),
      pollsLeft: spec.polls,
      finish: spec.finish,
    };
    this.operations.set(operation.id, operation);
    if (operation.pollsLeft <= 0) this.complete(operation);
    return operation;
  }

  get(id: string): OperationRecord | undefined {
    return this.operations.get(id);
  }

  /** One GET of an unfinished operation; the last required poll finishes it. */
  poll(operation: OperationRecord): void {
    if (operation.result) return;
    operation.pollsLeft -= 1;
    if (operation.pollsLeft <= 0) this.complete(operation);
  }

  clear(): void {
    this.operations.clear();
  }

  private complete(operation: OperationRecord): void {
    try {
      operation.result = { response: operation.finish() };
    } catch (error) {
      if (!(error instanceof KmsError)) throw error;
      operation.result = { error: { code: error.code, message: error.message } };
    }
    operation.modifiedAtMs = this.nowMs();
  }
}

export function operationJson(operation: OperationRecord): Json {
  const json: Json = {
    id: operation.id,
    description: operation.description,
    createdAt: formatTimestamp(operation.createdAtMs),
    createdBy: EMULATOR_SUBJECT_ID,
    modifiedAt: formatTimestamp(operation.modifiedAtMs),
  };
  if (operation.result) json.done = true;
  json.metadata = operation.metadata;
  if (operation.result && 'error' in operation.result) json.error = operation.result.error;
  if (operation.result && 'response' in operation.result) json.response = operation.result.response;
  return json;
}
