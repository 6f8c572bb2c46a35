import { mapConcurrent } from '../concurrency.ts';
import type { Invocation } from '../edge/invocation.ts';
import { asGuardError, GuardError } from '../errors/guard-error.ts';
import type { KmsClient } from '../kms/client.ts';
import { operationError, waitOperation } from '../kms/operations.ts';
import type { Operation } from '../kms/schemas.ts';
import { type KeyResult, keyFailed } from './key-outcomes.ts';

/** Below this much time left a protection is not started: it could not be confirmed before the deadline. */
const MIN_TIME_TO_PROTECT_MS = 200;

/**
 * Turns one key's deletion protection on and says honestly what became of it; it never throws. The
 * request is retried by the one retry loop like any other (setting the flag twice is harmless); a poll of
 * its operation that fails for good is settled by reading the key.
 */
export async function protectKey(kms: KmsClient, keyId: string, deadlineAt: number): Promise<KeyResult> {
  let operation: Operation;
  try {
    operation = await kms.enableDeletionProtection(keyId);
  } catch (caught) {
    return keyFailed(keyId, withRoleHint(asGuardError(caught)));
  }
  if (!operation.done) {
    try {
      operation = await waitOperation(kms, operation, { deadlineAt });
    } catch (caught) {
      return settleUnreadOperation(kms, keyId, operation, asGuardError(caught));
    }
  }
  if (!operation.done) return { keyId, outcome: 'pending', operation };
  const error = operationError(operation);
  if (error) return keyFailed(keyId, withRoleHint(error), operation);
  return { keyId, outcome: 'protected', operation };
}

/** Protects each key once, up to SWEEP_CONCURRENCY at a time; one result per key, in order. */
export function protectKeys(invocation: Invocation, keyIds: readonly string[]): Promise<KeyResult[]> {
  return mapConcurrent(
    keyIds,
    invocation.config.sweepConcurrency,
    async (keyId) => outOfTime(invocation, keyId) ?? protectKey(invocation.kms, keyId, invocation.deadlineAt),
  );
}

/** A failure that may pass when too little time is left to start on a key: its protection could not be confirmed. */
export function outOfTime(invocation: Invocation, keyId: string): KeyResult | undefined {
  if (invocation.deadlineAt - Date.now() >= MIN_TIME_TO_PROTECT_MS) return undefined;
  return keyFailed(keyId, new GuardError('DEADLINE_EXCEEDED', 'not attempted: the invocation ran out of time', { retryable: true }));
}

/** KMS accepted the change but its operation could not be read: the key's flag tells instead. */
async function settleUnreadOperation(kms: KmsClient, keyId: string, operation: Operation, pollError: GuardError): Promise<KeyResult> {
  try {
    const key = await kms.getKey(keyId);
    if (key.deletionProtection === true) return { keyId, outcome: 'protected', operation, settledBy: 'lookup' };
    return { keyId, outcome: 'pending', operation };
  } catch (caught) {
    const error = asGuardError(caught);
    const reason = `the change was accepted (operation ${operation.id}) but neither the operation nor the key could be read: ${pollError.description}; ${error.description}`;
    return keyFailed(keyId, new GuardError(error.code, reason, { retryable: true }), operation);
  }
}

/** A refusal for lack of rights says which role the function's service account is missing. */
function withRoleHint(error: GuardError): GuardError {
  if (error.code !== 'PERMISSION_DENIED') return error;
  return new GuardError(
    error.code,
    `${error.description}: turning deletion protection on (KMS Update) needs the kms.editor role (kms.admin includes it) on the key or its folder`,
    { httpStatus: error.httpStatus, details: error.details, requestId: error.requestId },
  );
}
