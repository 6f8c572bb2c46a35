// Deletion protection in the sweeps, over real HTTP to the emulator: the report sweep lists every key in
// scope without it, at no extra request for keys found in folders; the guard sweep turns it on with
// ENFORCE_DELETION_PROTECTION=true (or says it would, in a dry run), leaving approved keys as they are.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { handler as cancelHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import type { Emulator, SeedData } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import type { Handler } from '../../shared/edge/create-handler.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { cleanEnv, requestsOf, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

const ORG = 'bpfpostureorg0000001';
const CLOUD = 'b1gposturecloud00001';
const F1 = 'b1gposturefolder0001';
const F2 = 'b1gposturefolder0002';
/** A folder no cloud holds: the named keys live there. */
const FX = 'b1gposturenamed00001';
/** Protected, in F1, one version scheduled. */
const PAYMENTS = 'abjpostpayments00001';
/** Unprotected, in F1. */
const SCRATCH = 'abjpostscratch000001';
/** Unprotected, in F2, labelled delete-approved: left so on purpose. */
const RETIRED = 'abjpostretired000001';
/** Unprotected, in F2. */
const LOGS = 'abjpostlogs000000001';
/** Named keys in FX: one unprotected, one protected. */
const NAMED = 'abjpostnamed00000001';
const NAMED_SAFE = 'abjpostnamedsafe0001';

function postureSeed(): SeedData {
  return {
    clouds: [{ id: CLOUD, organizationId: ORG, folders: [{ id: F1 }, { id: F2 }] }],
    keys: [
      { ...keyWith(PAYMENTS, { folderId: F1, scheduled: 1, deletionProtection: true }), name: 'payments' },
      { ...keyWith(SCRATCH, { folderId: F1, active: 1 }), name: 'scratch' },
      { ...keyWith(RETIRED, { folderId: F2, labels: { 'delete-approved': 'ticket-7' } }), name: 'retired' },
      keyWith(LOGS, { folderId: F2 }),
      { ...keyWith(NAMED, { folderId: FX }), name: 'named' },
      keyWith(NAMED_SAFE, { folderId: FX, deletionProtection: true }),
    ],
  };
}

const SCOPE = { KMS_ORGANIZATION_ID: ORG, KMS_KEY_IDS: `${NAMED},${NAMED_SAFE}` };
const APPROVED = { rule: 'DELETION_APPROVAL_LABEL', label: 'delete-approved' };
/** What both sweeps report of this seed, by folder then key. */
const UNPROTECTED = [
  { keyId: SCRATCH, keyName: 'scratch', folderId: F1, cloudId: CLOUD },
  { keyId: LOGS, folderId: F2, cloudId: CLOUD },
  { keyId: RETIRED, keyName: 'retired', folderId: F2, cloudId: CLOUD, approval: APPROVED },
  { keyId: NAMED, keyName: 'named', folderId: FX },
];

let kms: Emulator;
let restoreEnv: () => void;
before(async () => {
  kms = await startKms();
  restoreEnv = setEnv(cleanEnv(kms, { KMS_MAX_ATTEMPTS: '2', ...SCOPE }));
});
beforeEach(() => {
  kms.clock.set(new Date());
  kms.configure({ operationPolls: 0 });
  kms.seed(postureSeed());
  kms.faults.clear();
  kms.clearRequests();
  setEnv(cleanEnv(kms, { KMS_MAX_ATTEMPTS: '2', ...SCOPE }));
});
after(async () => {
  restoreEnv();
  await kms.close();
});

async function sweep(handler: Handler, payload?: string) {
  const run = await captureOutput(() => handler(timerEvent(payload), invocationContext({ token: TEST_TOKEN, remainingMs: 30_000 })));
  return { report: run.value as any, error: run.error as Error | undefined, logs: records(run.lines), lines: run.lines };
}

const isProtected = (keyId: string) => kms.key(keyId)?.deletionProtection;
const patched = () => requestsOf(kms, 'update').map((entry) => entry.keyId);

describe('report sweep', () => {
  test('lists every key in scope without deletion protection, approved ones marked; one WARN each, the count in the summary', async () => {
    const { report, error, logs } = await sweep(listHandler);
    assert.equal(error, undefined);
    assert.deepEqual(report.unprotectedKeys, UNPROTECTED);
    const warned = logs.filter((line) => line.level === 'WARN' && line.msg.startsWith('key without deletion protection'));
    assert.deepEqual(warned.map((line) => line.keyId).sort(), [LOGS, NAMED, SCRATCH].sort());
    assert.ok(
      logs.some((line) => line.level === 'INFO' && line.msg === 'key without deletion protection: approved' && line.keyId === RETIRED),
    );
    assert.equal(logs.find((line) => line.msg === 'sweep finished')?.unprotectedKeys, 3, 'approved keys are not counted');
    assert.deepEqual(patched(), [], 'a report sweep changes nothing');
  });

  test('costs no request for a key found in a folder (List has the flag) and one Get per named key', async () => {
    await sweep(listHandler);
    assert.deepEqual(
      requestsOf(kms, 'get')
        .map((entry) => entry.keyId)
        .sort(),
      [NAMED, NAMED_SAFE].sort(),
    );
    const perKey = kms.requests.filter((entry) => entry.route !== 'listClouds' && entry.route !== 'listFolders' && entry.route !== 'list');
    // One ListVersions per key, the named keys' Get, and the scheduled key's ListOperations (who scheduled it).
    assert.equal(perKey.length, 6 + 2 + 1, perKey.map((entry) => `${entry.route} ${entry.keyId}`).join('\n'));
  });

  test('PROTECT_LABEL narrows the posture to the labelled keys of the folders, as it does the versions', async () => {
    setEnv({ PROTECT_LABEL: 'delete-approved=ticket-7', KMS_KEY_IDS: undefined });
    const { report } = await sweep(listHandler);
    assert.deepEqual(
      report.unprotectedKeys.map((key: { keyId: string }) => key.keyId),
      [RETIRED],
    );
  });

  test('a named key that cannot be read is a warning: its posture is unknown, the sweep is still complete', async () => {
    kms.faults.add({ route: 'get', keyId: NAMED, status: 403 });
    const { report } = await sweep(listHandler);
    assert.equal(report.complete, true);
    assert.deepEqual(
      report.unprotectedKeys.map((key: { keyId: string }) => key.keyId),
      [SCRATCH, LOGS, RETIRED],
    );
    assert.deepEqual(
      report.warnings.map((w: { keyId: string; code: string }) => [w.keyId, w.code]),
      [[NAMED, 'PERMISSION_DENIED']],
    );
    assert.match(report.warnings[0].message, /deletion protection were not read/);
  });
});

describe('guard sweep', () => {
  test('enforcement off (the default): the posture is reported, nothing is changed', async () => {
    const { report, error } = await sweep(cancelHandler);
    assert.equal(error, undefined);
    assert.deepEqual(report.unprotectedKeys, UNPROTECTED);
    assert.deepEqual(report.keyResults, []);
    assert.deepEqual(patched(), []);
    assert.equal(isProtected(SCRATCH), false);
  });

  test('ENFORCE_DELETION_PROTECTION=true: each unapproved key protected (one PATCH each), the approved one left; the next sweep finds only it', async () => {
    setEnv({ ENFORCE_DELETION_PROTECTION: 'true' });
    const { report, error, logs } = await sweep(cancelHandler);
    assert.equal(error, undefined);
    assert.deepEqual(
      report.keyResults.map((r: any) => [r.keyId, r.outcome, r.folderId, r.approval?.rule]),
      [
        [SCRATCH, 'protected', F1, undefined],
        [LOGS, 'protected', F2, undefined],
        [RETIRED, 'approved', F2, 'DELETION_APPROVAL_LABEL'],
        [NAMED, 'protected', FX, undefined],
      ],
    );
    assert.deepEqual(report.keySummary, {
      protected: 3,
      alreadyProtected: 0,
      pending: 0,
      failed: 0,
      approved: 1,
      wouldProtect: 0,
      deleted: 0,
    });
    assert.ok(report.keyResults.filter((r: any) => r.outcome === 'protected').every((r: any) => r.operation?.done === true));
    assert.deepEqual(patched().sort(), [SCRATCH, LOGS, NAMED].sort());
    assert.deepEqual(
      requestsOf(kms, 'update').map((entry) => entry.body),
      [0, 1, 2].map(() => ({ updateMask: 'deletionProtection', deletionProtection: true })),
    );
    assert.deepEqual([isProtected(SCRATCH), isProtected(LOGS), isProtected(NAMED), isProtected(RETIRED)], [true, true, true, false]);
    assert.equal(logs.filter((line) => line.msg === 'deletion protection turned on').length, 3);
    assert.equal(report.results[0]?.outcome, 'cancelled', 'versions are guarded as before');

    kms.clearRequests();
    const next = await sweep(cancelHandler);
    assert.deepEqual(
      next.report.unprotectedKeys.map((key: { keyId: string }) => key.keyId),
      [RETIRED],
    );
    assert.deepEqual(patched(), []);
  });

  test('a dry run says would-protect and changes nothing, from the configuration or the timer payload', async () => {
    for (const [env, payload] of [
      [{ ENFORCE_DELETION_PROTECTION: 'true', DRY_RUN: 'true' }, undefined],
      [{ ENFORCE_DELETION_PROTECTION: 'true', DRY_RUN: undefined }, JSON.stringify({ dryRun: true })],
    ] as const) {
      setEnv(env);
      const { report, error } = await sweep(cancelHandler, payload);
      assert.equal(error, undefined);
      assert.deepEqual(
        report.keyResults.map((r: any) => r.outcome),
        ['would-protect', 'would-protect', 'approved', 'would-protect'],
      );
      assert.deepEqual(patched(), []);
      assert.equal(isProtected(SCRATCH), false);
    }
  });

  test('an operation that needs polls is waited for: one PATCH and its polls per key', async () => {
    setEnv({ ENFORCE_DELETION_PROTECTION: 'true', KMS_ORGANIZATION_ID: undefined, KMS_KEY_IDS: NAMED });
    kms.configure({ operationPolls: 2 });
    const { report, error } = await sweep(cancelHandler);
    assert.equal(error, undefined);
    assert.equal(report.keyResults[0]?.outcome, 'protected');
    assert.equal(requestsOf(kms, 'update').length, 1);
    assert.equal(requestsOf(kms, 'getOperation').length, 2);
  });

  test('a 403 is a final failure naming the role; the others are still protected; the sweep fails after saying so', async () => {
    setEnv({ ENFORCE_DELETION_PROTECTION: 'true' });
    kms.faults.add({ route: 'update', keyId: SCRATCH, status: 403 });
    const { report, error, logs } = await sweep(cancelHandler);
    assert.match(String(error?.message), /^ABORTED: guard sweep incomplete: .*, 1 key\(s\) not confirmed protected from deletion$/);
    assert.equal(report, undefined, 'a trigger call that fails throws');
    const failure = logs.find((line) => line.level === 'ERROR' && line.msg === 'could not turn deletion protection on');
    assert.deepEqual([failure?.keyId, failure?.code], [SCRATCH, 'PERMISSION_DENIED']);
    assert.match(failure?.reason ?? '', /kms\.editor/);
    assert.deepEqual([isProtected(SCRATCH), isProtected(LOGS), isProtected(NAMED)], [false, true, true]);
    assert.equal(requestsOf(kms, 'update').filter((entry) => entry.keyId === SCRATCH).length, 1, 'not retried');
  });

  test('a lasting 503 is tried KMS_MAX_ATTEMPTS times; an operation never confirmed is pending, never "protected"', async () => {
    setEnv({ ENFORCE_DELETION_PROTECTION: 'true', KMS_ORGANIZATION_ID: undefined, KMS_KEY_IDS: `${NAMED},${NAMED_SAFE}` });
    kms.faults.add({ route: 'update', keyId: NAMED, status: 503 });
    const unavailable = await sweep(cancelHandler);
    assert.match(String(unavailable.error?.message), /1 key\(s\) not confirmed protected/);
    assert.equal(requestsOf(kms, 'update').length, 2);

    kms.faults.clear();
    kms.clearRequests();
    kms.configure({ operationPolls: 1 });
    kms.faults.add({ route: 'getOperation', keyId: NAMED, status: 403 });
    const unconfirmed = await sweep(cancelHandler);
    assert.match(String(unconfirmed.error?.message), /1 key\(s\) not confirmed protected/);
    const pending = unconfirmed.logs.find((line) => line.msg.startsWith('deletion protection not confirmed yet'));
    assert.equal(pending?.keyId, NAMED);
    assert.equal(pending?.level, 'WARN');
    assert.equal(
      requestsOf(kms, 'get').filter((entry) => entry.keyId === NAMED).length,
      2,
      "the sweep's Get, then the Get that settles the unread operation",
    );
  });
});
