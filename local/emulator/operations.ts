// Long-running operations: created by rotate/schedule/cancel, finished after the configured number of
// GET /operations/{id} polls. The change is applied only when the operation finishes.
import { KmsError } from './grpc-status.ts';
import { newResourceId } from './ids.ts';
import { anyJson, type Json } from './json-shapes.ts';
import { formatTimestamp } from './time-format.ts';

/** What finishing an operation produced: its response, or the error it ended with. */
type OperationResult = { response: Json } | { error: { code: number; message: string } };

export interface OperationRecord {
  id: string;
  description: string;
  keyId: string;
  /** Subject ID of who made the request. */
  createdBy: string;
  createdAtMs: number;
  modifiedAtMs: number;
  /** Creation order: breaks ties between operations created at the same clock time. */
  sequence: number;
  metadata: Json;
  pollsLeft: number;
  /** Applies the change (re-checking its preconditions) and returns the response; a KmsError ends the operation with that error. */
  finish: () => Json;
  /** Called once the operation has its result. */
  onFinished?: (operation: OperationRecord) => void;
  result?: OperationResult;
}

interface NewOperation {
  description: string;
  keyId: string;
  createdBy: string;
  metadataType: string;
  metadata: Json;
  polls: number;
  finish: () => Json;
  /** Called with the record before it can finish, so a caller sees it start before it ends. */
  onCreated?: (operation: OperationRecord) => void;
  onFinished?: (operation: OperationRecord) => void;
}

/** An operation that was done before the emulator started (seeded history). */
interface FinishedOperation {
  description: string;
  keyId: string;
  createdBy: string;
  createdAtMs: number;
  metadataType: string;
  metadata: Json;
  response: Json;
}

export class OperationStore {
  private operations = new Map<string, OperationRecord>();
  private byKey = new Map<string, OperationRecord[]>();
  private sequence = 0;

  constructor(private readonly nowMs: () => number) {}

  /** With no polls required the operation finishes at once, inside the request that created it. */
  create(spec: NewOperation): OperationRecord {
    const operation = this.newRecord(spec, this.nowMs(), spec.polls, spec.finish);
    if (spec.onFinished) operation.onFinished = spec.onFinished;
    this.add(operation);
    spec.onCreated?.(operation);
    if (operation.pollsLeft <= 0) this.complete(operation);
    return operation;
  }

  addFinished(spec: FinishedOperation): OperationRecord {
    const operation = this.newRecord(spec, spec.createdAtMs, 0, () => spec.response);
    operation.result = { response: spec.response };
    this.add(operation);
    return operation;
  }

  private newRecord(
    spec: Pick<NewOperation, 'description' | 'keyId' | 'createdBy' | 'metadataType' | 'metadata'>,
    createdAtMs: number,
    pollsLeft: number,
    finish: () => Json,
  ): OperationRecord {
    return {
      id: newResourceId(),
      description: spec.description,
      keyId: spec.keyId,
      createdBy: spec.createdBy,
      createdAtMs,
      modifiedAtMs: createdAtMs,
      sequence: this.sequence++,
      metadata: anyJson(spec.metadataType, spec.metadata),
      pollsLeft,
      finish,
    };
  }

  get(id: string): OperationRecord | undefined {
    return this.operations.get(id);
  }

  /** A key's operations, newest first (by createdAt, then creation order). */
  forKey(keyId: string): OperationRecord[] {
    const list = [...(this.byKey.get(keyId) ?? [])];
    return list.sort((a, b) => b.createdAtMs - a.createdAtMs || b.sequence - a.sequence);
  }

  /** One GET of an unfinished operation; the last required poll finishes it. */
  poll(operation: OperationRecord): void {
    if (operation.result) return;
    operation.pollsLeft -= 1;
    if (operation.pollsLeft <= 0) this.complete(operation);
  }

  clear(): void {
    this.operations.clear();
    this.byKey.clear();
  }

  private add(operation: OperationRecord): void {
    this.operations.set(operation.id, operation);
    const list = this.byKey.get(operation.keyId);
    if (list) list.push(operation);
    else this.byKey.set(operation.keyId, [operation]);
  }

  private complete(operation: OperationRecord): void {
    try {
      operation.result = { response: operation.finish() };
    } catch (error) {
      if (!(error instanceof KmsError)) throw error;
      operation.result = { error: { code: error.code, message: error.message } };
    }
    operation.modifiedAtMs = this.nowMs();
    operation.onFinished?.(operation);
  }
}

export function operationJson(operation: OperationRecord): Json {
  const json: Json = {
    id: operation.id,
    description: operation.description,
    createdAt: formatTimestamp(operation.createdAtMs),
    createdBy: operation.createdBy,
    modifiedAt: formatTimestamp(operation.modifiedAtMs),
  };
  if (operation.result) json.done = true;
  json.metadata = operation.metadata;
  if (operation.result && 'error' in operation.result) json.error = operation.result.error;
  if (operation.result && 'response' in operation.result) json.response = operation.result.response;
  return json;
}
