import { GuardError, asGuardError } from '../../shared/errors/guard-error.ts';
import type { KmsClient } from '../../shared/kms/client.ts';
import { operationError, waitOperation } from '../../shared/kms/operations.ts';
import type { Operation, SymmetricKeyVersion } from '../../shared/kms/schemas.ts';
import type { CancelTarget } from './input.ts';

export type Outcome = 'cancelled' | 'pending' | 'already-active' | 'failed';

export interface CancelResult {
  keyId: string;
  versionId: string;
  outcome: Outcome;
  operation?: Operation;
  version?: SymmetricKeyVersion;
  error?: { code: number; message: string; details: unknown[] };
}

export interface CancelOptions {
  wait: boolean;
  deadlineAt: number;
}

/**
 * Cancels one version's destruction and says honestly what became of it. How KMS refuses a version
 * that is not scheduled is undocumented (at once, or as an operation that fails): both arrive here as
 * FAILED_PRECONDITION, and the version is then looked up rather than guessed at.
 */
export async function cancelOne(kms: KmsClient, target: CancelTarget, options: CancelOptions): Promise<CancelResult> {
  let operation: Operation;
  try {
    operation = await kms.cancelVersionDestruction(target.keyId, target.versionId);
    if (options.wait && !operation.done) operation = await waitOperation(kms, operation, { deadlineAt: options.deadlineAt });
  } catch (caught) {
    const error = asGuardError(caught);
    if (error.code === 'FAILED_PRECONDITION') return settleRefusal(kms, target, error);
    return failed(target, error);
  }
  if (!operation.done) return { ...target, outcome: 'pending', operation };
  const error = operationError(operation);
  if (error?.code === 'FAILED_PRECONDITION') return settleRefusal(kms, target, error, operation);
  if (error) return failed(target, error, operation);
  return { ...target, outcome: 'cancelled', operation, ...versionOf(operation) };
}

/** KMS would not cancel: find out whether the version is safe (ACTIVE) or lost (DESTROYED). */
async function settleRefusal(kms: KmsClient, target: CancelTarget, refusal: GuardError, operation?: Operation): Promise<CancelResult> {
  let versions: SymmetricKeyVersion[];
  try {
    versions = await kms.listAllVersions(target.keyId);
  } catch (caught) {
    return failed(target, asGuardError(caught), operation);
  }
  const version = versions.find((v) => v.id === target.versionId);
  if (version?.status === 'ACTIVE') return { ...target, outcome: 'already-active', version };
  if (version?.status === 'DESTROYED') {
    const destroyed = new GuardError('FAILED_PRECONDITION', `version ${target.versionId} of key ${target.keyId} is already destroyed`);
    return { ...failed(target, destroyed, operation), version };
  }
  if (!version) {
    return failed(target, new GuardError('NOT_FOUND', `version ${target.versionId} of key ${target.keyId} not found`), operation);
  }
  return { ...failed(target, refusal, operation), version };
}

export function failed(target: CancelTarget, error: GuardError, operation?: Operation): CancelResult {
  return { ...target, outcome: 'failed', ...(operation ? { operation } : {}), error: error.toStatusBody() };
}

/** The version an operation returned, without the `@type` of its Any wrapper. */
function versionOf(operation: Operation): { version?: SymmetricKeyVersion } {
  if (!operation.response) return {};
  const { '@type': _type, ...version } = operation.response as Record<string, unknown>;
  return { version: version as SymmetricKeyVersion };
}
