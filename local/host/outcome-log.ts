import { describeError, type Outcome } from './run-handler.ts';

/** A short word for the log; a failure names its type and message (never a stack, cut to one line). */
export function describeOutcome(outcome: Outcome): string {
  if (outcome.kind === 'returned') return 'ok';
  if (outcome.kind === 'timed-out') return `timed out after ${outcome.timeoutMs}ms`;
  const { errorType, errorMessage } = describeError(outcome.error);
  const oneLine = errorMessage.replace(/\s+/g, ' ');
  return `failed (${errorType}: ${oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine})`;
}
