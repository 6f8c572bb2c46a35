// Starts an operation for a request: the change is applied when the operation finishes (at once, or
// after the configured polls), and an injected operationError ends it with that error instead.
import type { ApiContext, ApiRequest } from './api-context.ts';
import type { OperationAudit } from './audit-events.ts';
import { KmsError } from './grpc-status.ts';
import type { Json } from './json-shapes.ts';
import { operationJson } from './operations.ts';

export interface OperationSpec {
  description: string;
  keyId: string;
  metadataType: string;
  metadata: Json;
  finish: () => Json;
}

/** An injected operationError replaces the change: the operation ends with that error instead. */
export function createOperation(ctx: ApiContext, request: ApiRequest, spec: OperationSpec, audit?: OperationAudit): Json {
  const injected = request.operationError;
  const finish = injected
    ? () => {
        throw new KmsError(injected.code, injected.message);
      }
    : spec.finish;
  const operation = ctx.operations.create({
    ...spec,
    finish,
    createdBy: request.caller.subject.id,
    polls: ctx.config.operationPolls,
    ...(audit ? { onCreated: audit.started, onFinished: audit.finished } : {}),
  });
  return operationJson(operation);
}

export function throwIfDefined(error: KmsError | undefined): void {
  if (error) throw error;
}
