import { asGuardError, GuardError } from '../../shared/errors/guard-error.ts';
import type { KmsClient } from '../../shared/kms/client.ts';
import { operationError, waitOperation } from '../../shared/kms/operations.ts';
import { backoffDelay, type RetryPolicy } from '../../shared/kms/retry.ts';
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
  /** 'lookup' when an answer was lost and the outcome was read from the version's state instead. */
  settledBy?: 'lookup';
}

export interface CancelOptions {
  wait: boolean;
  deadlineAt: number;
}

/**
 * Cancels one version's destruction and says honestly what became of it.
 * - How KMS refuses a version that is not scheduled is undocumented (at once, or as an operation that
 *   fails): both arrive as FAILED_PRECONDITION, and the version is then looked up.
 * - After a failure that may or may not have reached KMS (a lost answer, a timeout, a 5xx) the version
 *   is looked up before anything is sent again: still scheduled → try again; ACTIVE → saved; never a guess.
 */
export async function cancelOne(kms: KmsClient, target: CancelTarget, options: CancelOptions): Promise<CancelResult> {
  const policy = kms.retryPolicy;
  let lastError: GuardError | undefined;
  for (let attempt = 0; attempt < policy.maxAttempts; attempt++) {
    if (lastError) {
      if (!(await pauseBeforeRetry(lastError, attempt - 1, policy, options.deadlineAt))) break;
      kms.stats.retries++;
    }
    let operation: Operation;
    try {
      operation = await kms.cancelVersionDestruction(target.keyId, target.versionId);
    } catch (caught) {
      const error = asGuardError(caught);
      if (error.code === 'FAILED_PRECONDITION') return settleRefusal(kms, target, error, lastError !== undefined);
      if (!error.retryable) return failed(target, error);
      lastError = error;
      const settled = await settleLostAnswer(kms, target);
      if (settled) return settled;
      continue;
    }
    return finish(kms, target, operation, options, lastError !== undefined);
  }
  return failed(target, lastError!);
}

async function finish(
  kms: KmsClient,
  target: CancelTarget,
  started: Operation,
  options: CancelOptions,
  resent: boolean,
): Promise<CancelResult> {
  const operation = options.wait && !started.done ? await waitOperation(kms, started, { deadlineAt: options.deadlineAt }) : started;
  if (!operation.done) return { ...target, outcome: 'pending', operation };
  const error = operationError(operation);
  if (error?.code === 'FAILED_PRECONDITION') return settleRefusal(kms, target, error, resent, operation);
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
  refusal: GuardError,
  resent: boolean,
  operation?: Operation,
): Promise<CancelResult> {
  const found = await lookUp(kms, target);
  if (found instanceof GuardError) return failed(target, found, operation);
  if (found?.status === 'ACTIVE') {
    return resent
      ? { ...target, outcome: 'cancelled', version: found, settledBy: 'lookup' }
      : { ...target, outcome: 'already-active', version: found };
  }
  return settledFailure(target, found, refusal, operation);
}

/** After a lost answer: the version's state says what happened; undefined means "still scheduled, try again". */
async function settleLostAnswer(kms: KmsClient, target: CancelTarget): Promise<CancelResult | undefined> {
  const found = await lookUp(kms, target);
  if (found instanceof GuardError || found?.status === 'SCHEDULED_FOR_DESTRUCTION') return undefined;
  if (found?.status === 'ACTIVE') return { ...target, outcome: 'cancelled', version: found, settledBy: 'lookup' };
  return settledFailure(target, found);
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
async function lookUp(kms: KmsClient, target: CancelTarget): Promise<SymmetricKeyVersion | undefined | GuardError> {
  try {
    const versions = await kms.listAllVersions(target.keyId);
    return versions.find((v) => v.id === target.versionId);
  } catch (caught) {
    return asGuardError(caught);
  }
}

/** Waits as the retry policy says (Retry-After is a floor); false when that would pass the deadline. */
async function pauseBeforeRetry(error: GuardError, retry: number, policy: RetryPolicy, deadlineAt: number): Promise<boolean> {
  const delay = Math.max(error.retryAfterMs ?? 0, backoffDelay(retry, policy));
  if (Date.now() + delay >= deadlineAt) return false;
  await new Promise((resolve) => setTimeout(resolve, delay));
  return true;
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
