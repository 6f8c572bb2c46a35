import { asGuardError, GuardError } from '../errors/guard-error.ts';
import type { AttemptBudget } from '../http/retry.ts';
import type { KmsClient } from '../kms/client.ts';
import { operationError, waitOperation } from '../kms/operations.ts';
import type { Operation, SymmetricKeyVersion } from '../kms/schemas.ts';
import { type CancelResult, type CancelTarget, failed } from './outcomes.ts';

interface CancelOptions {
  wait: boolean;
  deadlineAt: number;
}

/**
 * Cancels one version's destruction and says honestly what became of it; it never throws.
 * - How KMS refuses a version that is not scheduled is undocumented (at once, or as an operation that
 *   fails): both arrive as FAILED_PRECONDITION, and the version is then looked up.
 * - After a failure that may or may not have reached KMS (a lost answer, a timeout, a 5xx) the version
 *   is looked up before anything is sent again: still scheduled → send again; ACTIVE → saved.
 * - A poll of the operation that fails for good is settled by a lookup too: the cancel was accepted.
 * KMS_MAX_ATTEMPTS bounds the cancels sent, and all lookups of one cancel share one budget of as many
 * failed attempts: with every request failing, at most twice that many requests, plus operation polls.
 */
export async function cancelOne(kms: KmsClient, target: CancelTarget, options: CancelOptions): Promise<CancelResult> {
  const lookups = kms.api.budget();
  try {
    return await kms.api.retrying(
      async (attempt) => {
        const resent = attempt > 0;
        let operation: Operation;
        try {
          operation = await kms.cancelVersionDestruction(target.keyId, target.versionId);
        } catch (caught) {
          const error = asGuardError(caught);
          if (error.code === 'FAILED_PRECONDITION') return settleRefusal(kms, target, lookups, error, resent);
          throw error;
        }
        return finish(kms, target, lookups, operation, options, resent);
      },
      { beforeRetry: () => settleLostAnswer(kms, target, lookups) },
    );
  } catch (caught) {
    const error = asGuardError(caught);
    // The last cancel sent may have gone through although its answer was lost: look once more.
    const settled = error.retryable ? await settleLostAnswer(kms, target, lookups) : undefined;
    return settled ?? failed(target, error);
  }
}

async function finish(
  kms: KmsClient,
  target: CancelTarget,
  lookups: AttemptBudget,
  started: Operation,
  options: CancelOptions,
  resent: boolean,
): Promise<CancelResult> {
  let operation = started;
  if (options.wait && !started.done) {
    try {
      operation = await waitOperation(kms, started, { deadlineAt: options.deadlineAt });
    } catch (caught) {
      return settleUnreadOperation(kms, target, lookups, started, asGuardError(caught));
    }
  }
  if (!operation.done) return { ...target, outcome: 'pending', operation };
  const error = operationError(operation);
  if (error?.code === 'FAILED_PRECONDITION') return settleRefusal(kms, target, lookups, error, resent, operation);
  if (error) return failed(target, error, operation);
  return { ...target, outcome: 'cancelled', operation, ...versionOf(operation) };
}

/**
 * KMS would not cancel: find out whether the version is safe (ACTIVE) or lost (DESTROYED). When an
 * earlier attempt of ours may have gone through, ACTIVE means that attempt saved it.
 */
async function settleRefusal(
  kms: KmsClient,
  target: CancelTarget,
  lookups: AttemptBudget,
  refusal: GuardError,
  resent: boolean,
  operation?: Operation,
): Promise<CancelResult> {
  const found = await lookUp(kms, target, lookups);
  if (found instanceof GuardError) return failed(target, found, operation);
  if (found?.status === 'ACTIVE') {
    return resent
      ? { ...target, outcome: 'cancelled', version: found, settledBy: 'lookup' }
      : { ...target, outcome: 'already-active', version: found };
  }
  return settledFailure(target, found, refusal, operation);
}

/** After a lost answer: the version's state says what happened; undefined means "still scheduled, send again". */
async function settleLostAnswer(kms: KmsClient, target: CancelTarget, lookups: AttemptBudget): Promise<CancelResult | undefined> {
  const found = await lookUp(kms, target, lookups);
  if (found instanceof GuardError || found?.status === 'SCHEDULED_FOR_DESTRUCTION') return undefined;
  if (found?.status === 'ACTIVE') return { ...target, outcome: 'cancelled', version: found, settledBy: 'lookup' };
  return settledFailure(target, found);
}

/** KMS accepted the cancel but its operation could not be read: the version's state tells instead. */
async function settleUnreadOperation(
  kms: KmsClient,
  target: CancelTarget,
  lookups: AttemptBudget,
  operation: Operation,
  pollError: GuardError,
): Promise<CancelResult> {
  const found = await lookUp(kms, target, lookups);
  if (found instanceof GuardError) {
    const reason = `the cancel was accepted (operation ${operation.id}) but neither the operation nor the version could be read: ${pollError.description}; ${found.description}`;
    return failed(target, new GuardError(found.code, reason, { retryable: true }), operation);
  }
  if (found?.status === 'ACTIVE') return { ...target, outcome: 'cancelled', operation, version: found, settledBy: 'lookup' };
  if (found?.status === 'SCHEDULED_FOR_DESTRUCTION') return { ...target, outcome: 'pending', operation };
  return settledFailure(target, found, undefined, operation);
}

function settledFailure(
  target: CancelTarget,
  version: SymmetricKeyVersion | undefined,
  refusal?: GuardError,
  operation?: Operation,
): CancelResult {
  if (!version)
    return failed(target, new GuardError('NOT_FOUND', `version ${target.versionId} of key ${target.keyId} not found`), operation);
  if (version.status === 'DESTROYED') {
    const destroyed = new GuardError('FAILED_PRECONDITION', `version ${target.versionId} of key ${target.keyId} is already destroyed`);
    return { ...failed(target, destroyed, operation), version };
  }
  const reason =
    refusal ?? new GuardError('FAILED_PRECONDITION', `version ${target.versionId} is ${version.status ?? 'in an unknown state'}`);
  return { ...failed(target, reason, operation), version };
}

/** The version as KMS holds it now (undefined: no such version), or the error that kept us from knowing. */
async function lookUp(kms: KmsClient, target: CancelTarget, budget: AttemptBudget): Promise<SymmetricKeyVersion | undefined | GuardError> {
  try {
    const versions = await kms.listAllVersions(target.keyId, { budget });
    return versions.find((v) => v.id === target.versionId);
  } catch (caught) {
    return asGuardError(caught);
  }
}

/** The version an operation returned, without the `@type` of its Any wrapper. */
function versionOf(operation: Operation): { version?: SymmetricKeyVersion } {
  if (!operation.response) return {};
  const { '@type': _type, ...version } = operation.response as Record<string, unknown>;
  return { version: version as SymmetricKeyVersion };
}
