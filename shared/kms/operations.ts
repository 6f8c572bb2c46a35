import { codeName } from '../errors/grpc-codes.ts';
import { GuardError } from '../errors/guard-error.ts';
import type { KmsClient } from './client.ts';
import type { Operation, Status } from './schemas.ts';

export interface WaitOptions {
  /** Epoch ms: polling stops in time to answer by then. */
  deadlineAt: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Polls an operation with growing intervals until it is done or the deadline comes, and returns the
 * last state it saw: a caller tells "done" from "still running" by `done`, never by an exception.
 */
export async function waitOperation(kms: KmsClient, operation: Operation, options: WaitOptions): Promise<Operation> {
  let current = operation;
  let delay = options.firstDelayMs ?? 50;
  while (!current.done) {
    const left = options.deadlineAt - Date.now();
    if (left <= delay) return current;
    await new Promise((resolve) => setTimeout(resolve, delay));
    try {
      current = await kms.getOperation(current.id);
    } catch (error) {
      // A poll that could not get through says nothing about the operation: report it still running.
      if (error instanceof GuardError && (error.retryable || error.code === 'DEADLINE_EXCEEDED')) return current;
      throw error;
    }
    delay = Math.min(options.maxDelayMs ?? 1_000, Math.round(delay * 1.6));
  }
  return current;
}

/** The typed error an operation ended with, if it did. */
export function operationError(operation: Operation): GuardError | undefined {
  return operation.error ? errorFromStatus(operation.error, `operation ${operation.id}`) : undefined;
}

export function errorFromStatus(status: Status, what: string): GuardError {
  const code = (status.code !== undefined ? codeName(status.code) : undefined) ?? 'UNKNOWN';
  return new GuardError(code, status.message || `${what} failed`, { details: status.details ?? [] });
}
