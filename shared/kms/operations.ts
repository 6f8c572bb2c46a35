import { DEFAULTS } from '../defaults.ts';
import type { GuardError } from '../errors/guard-error.ts';
import { errorFromStatus } from '../http/api-error.ts';
import type { KmsClient } from './client.ts';
import type { Operation } from './schemas.ts';

interface WaitOptions {
  /** Epoch ms: polling stops in time to answer by then. */
  deadlineAt: number;
}

/**
 * Polls an operation with growing intervals until it is done or the deadline comes, and returns the
 * last state it saw: a caller tells "done" from "still running" by `done`. A poll that fails for good
 * (the operation is gone, access is refused) throws: the caller then learns the outcome another way.
 */
export async function waitOperation(kms: KmsClient, operation: Operation, options: WaitOptions): Promise<Operation> {
  let current = operation;
  let delay: number = DEFAULTS.firstPollDelayMs;
  while (!current.done) {
    const left = options.deadlineAt - Date.now();
    if (left <= delay) return current;
    await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      current = await kms.getOperation(current.id);
    } catch (error) {
      // A poll that could not get through in time says nothing about the operation: still running.
      if ((error as GuardError).retryable || (error as GuardError).code === 'DEADLINE_EXCEEDED') return current;
      throw error;
    }
    delay = Math.min(DEFAULTS.maxPollDelayMs, Math.round(delay * 1.6));
  }
  return current;
}

/** The typed error an operation ended with, if it did. */
export function operationError(operation: Operation): GuardError | undefined {
  return operation.error ? errorFromStatus(operation.error, `operation ${operation.id}`) : undefined;
}
