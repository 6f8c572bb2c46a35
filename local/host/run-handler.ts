// One call of a handler, settled into an outcome the host can answer with; never throws.
import type { FunctionContext, FunctionHandler } from './types.ts';

export type Outcome = { kind: 'returned'; value: unknown } | { kind: 'threw'; error: unknown } | { kind: 'timed-out'; timeoutMs: number };

// The runtime's own wording for a synchronous handler that returns nothing.
const NON_ASYNC_WITHOUT_RESULT = 'Non-async entry point should provide a result. Return a value or use async function instead';

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') &&
  value !== null &&
  typeof (value as PromiseLike<unknown>).then === 'function';

export async function runHandler(handler: FunctionHandler, event: unknown, context: FunctionContext, timeoutMs: number): Promise<Outcome> {
  const startedAt = Date.now();
  let result: unknown;
  try {
    result = handler(event, context);
  } catch (error) {
    return { kind: 'threw', error };
  }
  if (!isThenable(result)) {
    // A synchronous handler cannot be interrupted, but the platform would have cut it off.
    if (Date.now() - startedAt > timeoutMs) return { kind: 'timed-out', timeoutMs };
    if (result === undefined) return { kind: 'threw', error: new Error(NON_ASYNC_WITHOUT_RESULT) };
    return { kind: 'returned', value: result };
  }

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timed-out', timeoutMs }), Math.max(0, timeoutMs - (Date.now() - startedAt)));
    // A handler still running past its deadline must not keep the process alive on our account.
    timer.unref();
  });
  const settled = Promise.resolve(result).then(
    (value): Outcome => ({ kind: 'returned', value }),
    (error: unknown): Outcome => ({ kind: 'threw', error }),
  );
  try {
    return await Promise.race([settled, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** errorMessage and errorType as the platform reports them, minus the stack trace we never expose. */
export function describeError(error: unknown): { errorMessage: string; errorType: string } {
  if (error instanceof Error) return { errorMessage: error.message, errorType: error.name };
  let errorMessage = 'unknown error';
  try {
    errorMessage = typeof error === 'string' ? error : String(error);
  } catch {
    // An object that cannot even be turned into a string keeps the generic message.
  }
  return { errorMessage, errorType: 'Error' };
}
