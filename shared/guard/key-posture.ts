import type { Invocation } from '../edge/invocation.ts';
import type { UnprotectedKey } from '../sweep/report.ts';
import { type KeyAnswer, type KeyResult, placeOf, summarizeKeys } from './key-outcomes.ts';
import { protectKeys } from './protect-key.ts';

/**
 * The guard sweep's part for keys (ENFORCE_DELETION_PROTECTION=true): each key a sweep found without
 * deletion protection is protected, unless approved (or, in a dry run, said it would be). With
 * enforcement off the posture is only reported, and nothing is changed.
 */
export async function enforceProtection(invocation: Invocation, keys: readonly UnprotectedKey[], dryRun: boolean): Promise<KeyAnswer> {
  if (!invocation.config.enforceDeletionProtection) return { keyResults: [], keySummary: summarizeKeys([]) };
  const decided: Array<KeyResult | undefined> = keys.map((key) => {
    if (key.approval) return { ...placeOf(key), outcome: 'approved', approval: key.approval };
    return dryRun ? { ...placeOf(key), outcome: 'would-protect' } : undefined;
  });
  const toProtect = keys.filter((_, index) => decided[index] === undefined);
  const done = await protectKeys(
    invocation,
    toProtect.map((key) => key.keyId),
  );
  let next = 0;
  const keyResults = keys.map((key, index) => decided[index] ?? { ...done[next++]!, ...placeOf(key) });
  return { keyResults, keySummary: summarizeKeys(keyResults) };
}
