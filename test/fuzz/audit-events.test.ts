// Property-based tests of the real-time guard: 10,000 generated Cloud Logging batches and bare audit events
// (schedules and key changes; valid, invalid and odd) against cancel-version-destruction, every answer checked
// against the contract.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import { setEnv } from '../support/kms.ts';
import { bareAuditArb, loggingAuditArb } from './support/audit-events.ts';
import { checkRun } from './support/checks.ts';
import { type Lab, openLab } from './support/lab.ts';
import type { Sample } from './support/sample.ts';
import { seeded } from './support/seeded.ts';
import { fuzzParameters } from './support/settings.ts';

const seed = seeded();
let lab: Lab;
let restoreEnv: () => void;
before(async () => {
  lab = await openLab(seed);
  // No scope: every key an event names is guarded, so valid events reach KMS.
  // ENFORCE_DELETION_PROTECTION off: key creations and updates are ignored, deletions are paged.
  restoreEnv = setEnv({
    KMS_KEY_IDS: undefined,
    APPROVED_SUBJECT_IDS: undefined,
    APPROVAL_LABEL: undefined,
    DELETION_APPROVAL_LABEL: undefined,
    ENFORCE_DELETION_PROTECTION: undefined,
  });
});
after(async () => {
  restoreEnv();
  await lab.close();
});

test('Cloud Logging batches (both casings, damaged envelopes, odd entries) and bare audit events', async () => {
  const samples = fc.oneof({ weight: 3, arbitrary: loggingAuditArb(seed) }, { weight: 1, arbitrary: bareAuditArb(seed) });
  const property = fc.asyncProperty(samples, async (s: Sample) => {
    const run = await lab.run(handler, s.event);
    checkRun(run, s);
    assert.deepEqual(run.oversizedLogLines, [], 'log lines over 64 KiB (bytes): the platform would split them');
  });
  await fc.assert(property, fuzzParameters(51));
});
