// One run of the shared sweep for a command, with the same checks and dependencies as the functions'
// timer sweep (ALLOWED_KEY_IDS, SWEEP_CONCURRENCY, the invocation's deadline, DELETION_APPROVAL_LABEL),
// its progress on stderr.
import { assertKeysAllowed } from '../shared/access.ts';
import type { Invocation } from '../shared/edge/invocation.ts';
import type { SweepScope } from '../shared/sweep/scope.ts';
import { runSweep, type SweepResult } from '../shared/sweep/sweep.ts';
import { sweepDepsOf } from '../shared/sweep/sweep-deps.ts';
import { countingClients, describeCounts, type ProgressLine } from './progress.ts';

export async function sweepOnce(invocation: Invocation, scope: SweepScope, progress: ProgressLine): Promise<SweepResult> {
  const { config } = invocation;
  assertKeysAllowed(config, scope.keyIds);
  const clients = countingClients(invocation, (counts) => progress.update(describeCounts(counts)));
  progress.update(describeCounts({ clouds: 0, folders: 0, keys: 0, versions: 0, scheduled: 0 }));
  try {
    return await runSweep(scope, { ...sweepDepsOf(invocation), ...clients });
  } finally {
    progress.clear();
  }
}
