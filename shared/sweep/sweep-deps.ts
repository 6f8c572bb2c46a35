import { isKeyAllowed } from '../access.ts';
import type { Invocation } from '../edge/invocation.ts';
import { deletionApprovalOf } from '../guard/approvals.ts';
import type { SweepDeps } from './sweep.ts';

/** What a sweep runs with in an invocation: its clients, SWEEP_CONCURRENCY, its deadline and the configured rules. */
export function sweepDepsOf(invocation: Invocation): SweepDeps {
  const { config } = invocation;
  return {
    kms: invocation.kms,
    resourceManager: invocation.resourceManager,
    concurrency: config.sweepConcurrency,
    deadlineAt: invocation.deadlineAt,
    log: invocation.log,
    isKeyAllowed: (keyId) => isKeyAllowed(config, keyId),
    // A sweep knows no subject for a key's posture: only DELETION_APPROVAL_LABEL can approve it.
    deletionApproval: (labels) => deletionApprovalOf(config, undefined, labels),
  };
}
