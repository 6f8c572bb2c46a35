// The sweeps' scope over real HTTP to the emulator: named keys, folders, clouds and an organization,
// alone and together, from the configuration or a timer's payload; inactive folders, overlaps, labels,
// ALLOWED_KEY_IDS, where each scheduled version was found, and what bad values are refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import type { Emulator } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import type { SweepReport } from '../../shared/sweep/report.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { requestsOf, setEnv, TEST_TOKEN } from '../support/kms.ts';
import {
  CLOUD_A,
  CLOUD_B,
  CLOUD_C,
  FA_DELETING,
  FA_PENDING,
  FA1,
  FA2,
  FB1,
  FC1,
  FL,
  FX,
  GUARD_LABEL,
  KA_DELETING,
  KA_PENDING,
  KA1,
  KA1_PLAIN,
  KA2,
  KB1,
  KC1,
  KL,
  KN,
  listingCounts,
  ORG,
  useOrganizationEmulator,
} from '../support/organization.ts';

let kms: Emulator;

async function sweep(payload?: string) {
  const run = await captureOutput(() => listHandler(timerEvent(payload), invocationContext({ token: TEST_TOKEN, remainingMs: 60_000 })));
  return { report: run.value as SweepReport, error: run.error as Error | undefined, logs: records(run.lines) };
}

type Counts = Pick<SweepReport, 'cloudsScanned' | 'foldersScanned' | 'foldersSkipped' | 'keysScanned' | 'versionsScanned'>;

function countsOf(report: SweepReport): Counts {
  const { cloudsScanned, foldersScanned, foldersSkipped, keysScanned, versionsScanned } = report;
  return { cloudsScanned, foldersScanned, foldersSkipped, keysScanned, versionsScanned };
}

function counts(clouds: number, folders: number, skipped: number, keys: number, versions: number): Counts {
  return { cloudsScanned: clouds, foldersScanned: folders, foldersSkipped: skipped, keysScanned: keys, versionsScanned: versions };
}

/** The keys whose versions were reported scheduled, each once, sorted. */
function scheduledKeys(report: SweepReport): string[] {
  return [...new Set(report.scheduled.map((entry) => entry.keyId))].sort();
}

useOrganizationEmulator((started) => {
  kms = started;
});

describe('every scope source, alone and together', () => {
  const cases: Array<{ name: string; env: Record<string, string>; scope: SweepReport['scope']; counts: Counts; keys: string[] }> = [
    {
      name: 'KMS_KEY_IDS',
      env: { KMS_KEY_IDS: KN },
      scope: { keyIds: [KN] },
      counts: counts(0, 0, 0, 1, 4),
      keys: [KN],
    },
    {
      name: 'KMS_FOLDER_IDS (two folders)',
      env: { KMS_FOLDER_IDS: `${FA1},${FA2}` },
      scope: { keyIds: [], folderIds: [FA1, FA2] },
      counts: counts(0, 2, 0, 3, 8),
      keys: [KA1, KA2],
    },
    {
      name: 'KMS_FOLDER_ID alongside KMS_FOLDER_IDS',
      env: { KMS_FOLDER_IDS: `${FA1}, ${FA2}`, KMS_FOLDER_ID: FL },
      scope: { keyIds: [], folderIds: [FA1, FA2, FL] },
      counts: counts(0, 3, 0, 4, 10),
      keys: [KA1, KA2, KL],
    },
    {
      name: 'KMS_FOLDER_ID alone',
      env: { KMS_FOLDER_ID: FB1 },
      scope: { keyIds: [], folderIds: [FB1] },
      counts: counts(0, 1, 0, 1, 2),
      keys: [KB1],
    },
    {
      name: 'KMS_CLOUD_IDS (two clouds)',
      env: { KMS_CLOUD_IDS: `${CLOUD_A},${CLOUD_B}` },
      scope: { keyIds: [], cloudIds: [CLOUD_A, CLOUD_B] },
      counts: counts(2, 3, 2, 4, 10),
      keys: [KA1, KA2, KB1],
    },
    {
      name: 'KMS_ORGANIZATION_ID',
      env: { KMS_ORGANIZATION_ID: ORG },
      scope: { keyIds: [], organizationId: ORG },
      counts: counts(2, 3, 2, 4, 10),
      keys: [KA1, KA2, KB1],
    },
    {
      name: 'all of them together',
      env: { KMS_KEY_IDS: KN, KMS_FOLDER_IDS: FL, KMS_FOLDER_ID: FC1, KMS_CLOUD_IDS: CLOUD_B, KMS_ORGANIZATION_ID: ORG },
      scope: { keyIds: [KN], folderIds: [FL, FC1], cloudIds: [CLOUD_B], organizationId: ORG },
      // Clouds A and B (B named and in ORG: once); folders FL, FC1, FA1, FA2, FB1; two skipped.
      counts: counts(2, 5, 2, 7, 18),
      keys: [KA1, KA2, KB1, KC1, KL, KN],
    },
  ];
  for (const { name, env, scope, counts: expected, keys } of cases) {
    test(`${name}: the report echoes the scope and counts exactly what it read`, async () => {
      setEnv(env);
      const { report, error } = await sweep();
      assert.equal(error, undefined);
      assert.deepEqual(report.scope, scope);
      assert.deepEqual(countsOf(report), expected);
      assert.deepEqual(scheduledKeys(report), keys);
      assert.deepEqual([report.errors, report.notReached, report.complete], [[], [], true]);
    });
  }

  test('folders only: Resource Manager is never called', async () => {
    setEnv({ KMS_FOLDER_IDS: `${FA1},${FA2}` });
    await sweep();
    assert.deepEqual(
      kms.requests.filter((entry) => entry.route === 'listClouds' || entry.route === 'listFolders'),
      [],
    );
  });

  test('an organization: its clouds are listed once, pageSize 1000, and no cloud of another organization is read', async () => {
    setEnv({ KMS_ORGANIZATION_ID: ORG });
    await sweep();
    const listings = requestsOf(kms, 'listClouds');
    assert.deepEqual(
      listings.map((entry) => entry.query),
      [{ organizationId: ORG, pageSize: '1000' }],
    );
    assert.equal(requestsOf(kms, 'listFolders', ['cloudId', CLOUD_C]).length, 0);
    assert.equal(requestsOf(kms, 'list', ['folderId', FC1]).length, 0);
  });
});

describe('a timer payload replaces the whole configured scope', () => {
  // Everything configured: a payload naming any scope field must sweep that alone.
  const configured = { KMS_KEY_IDS: KN, KMS_FOLDER_IDS: FL, KMS_FOLDER_ID: FC1, KMS_CLOUD_IDS: CLOUD_B, KMS_ORGANIZATION_ID: ORG };
  const cases: Array<{ payload: Record<string, unknown>; scope: SweepReport['scope']; counts: Counts; keys: string[] }> = [
    { payload: { folderIds: [FB1, FA2] }, scope: { keyIds: [], folderIds: [FB1, FA2] }, counts: counts(0, 2, 0, 2, 5), keys: [KA2, KB1] },
    { payload: { folderId: FL }, scope: { keyIds: [], folderIds: [FL] }, counts: counts(0, 1, 0, 1, 2), keys: [KL] },
    {
      payload: { folderIds: [FA1], folderId: FL },
      scope: { keyIds: [], folderIds: [FA1, FL] },
      counts: counts(0, 2, 0, 3, 7),
      keys: [KA1, KL],
    },
    { payload: { cloudIds: [CLOUD_A] }, scope: { keyIds: [], cloudIds: [CLOUD_A] }, counts: counts(1, 2, 2, 3, 8), keys: [KA1, KA2] },
    { payload: { organizationId: ORG }, scope: { keyIds: [], organizationId: ORG }, counts: counts(2, 3, 2, 4, 10), keys: [KA1, KA2, KB1] },
    { payload: { keyIds: [KC1] }, scope: { keyIds: [KC1] }, counts: counts(0, 0, 0, 1, 2), keys: [KC1] },
  ];
  for (const { payload, scope, counts: expected, keys } of cases) {
    test(`${JSON.stringify(payload)}: only that is swept`, async () => {
      setEnv(configured);
      const { report, error } = await sweep(JSON.stringify(payload));
      assert.equal(error, undefined);
      assert.deepEqual(report.scope, scope);
      assert.deepEqual(countsOf(report), expected);
      assert.deepEqual(scheduledKeys(report), keys);
      assert.equal(requestsOf(kms, 'listVersions').filter((entry) => entry.keyId === KN).length, 0, 'KMS_KEY_IDS was not swept');
      if (!scope.organizationId) assert.equal(requestsOf(kms, 'listClouds').length, 0, 'KMS_ORGANIZATION_ID was not swept');
    });
  }

  test('a payload with dryRun alone keeps the configured scope', async () => {
    setEnv(configured);
    const { report } = await sweep(JSON.stringify({ dryRun: true }));
    assert.deepEqual(report.scope, { keyIds: [KN], folderIds: [FL, FC1], cloudIds: [CLOUD_B], organizationId: ORG });
    assert.equal(report.keysScanned, 7);
    assert.equal(report.dryRun, true);
  });
});

describe('inactive folders', () => {
  test('DELETING and PENDING_DELETION folders are counted as skipped and their keys never listed', async () => {
    setEnv({ KMS_CLOUD_IDS: CLOUD_A });
    const { report } = await sweep();
    assert.deepEqual(countsOf(report), counts(1, 2, 2, 3, 8));
    for (const folderId of [FA_DELETING, FA_PENDING]) assert.equal(requestsOf(kms, 'list', ['folderId', folderId]).length, 0, folderId);
    const listed = requestsOf(kms, 'listVersions').map((entry) => entry.keyId);
    assert.ok(!listed.includes(KA_DELETING) && !listed.includes(KA_PENDING));
    assert.equal(report.complete, true, 'a skipped folder does not make the sweep incomplete');
  });
});

describe('a resource reached twice is swept once', () => {
  test('a key named and in a named folder, a folder named and in a named cloud, a cloud named and in the organization', async () => {
    setEnv({
      KMS_KEY_IDS: `${KA1},${KN}`,
      KMS_FOLDER_IDS: `${FA1},${FB1}`,
      KMS_CLOUD_IDS: `${CLOUD_A},${CLOUD_B}`,
      KMS_ORGANIZATION_ID: ORG,
    });
    const { report } = await sweep();
    assert.deepEqual(listingCounts(kms), {
      [`organization ${ORG}`]: 1,
      [`cloud ${CLOUD_A}`]: 1,
      [`cloud ${CLOUD_B}`]: 1,
      [`folder ${FA1}`]: 1,
      [`folder ${FA2}`]: 1,
      [`folder ${FB1}`]: 1,
      [`key ${KA1}`]: 1,
      [`key ${KA1_PLAIN}`]: 1,
      [`key ${KA2}`]: 1,
      [`key ${KB1}`]: 1,
      [`key ${KN}`]: 1,
    });
    assert.deepEqual(countsOf(report), counts(2, 3, 2, 5, 14));
    const entries = report.scheduled.map((entry) => `${entry.keyId}/${entry.versionId}`);
    assert.equal(new Set(entries).size, entries.length, 'no version reported twice');
    assert.equal(entries.length, 5);
  });
});

describe('PROTECT_LABEL and ALLOWED_KEY_IDS', () => {
  test('PROTECT_LABEL narrows the keys found through folders, clouds and the organization, never the named keys', async () => {
    // KN and KA1_PLAIN carry no label, KB1 carries guard=off; KA1_PLAIN is named and also in FA1.
    setEnv({ PROTECT_LABEL: GUARD_LABEL, KMS_KEY_IDS: `${KN},${KA1_PLAIN}`, KMS_FOLDER_IDS: FL, KMS_ORGANIZATION_ID: ORG });
    const { report } = await sweep();
    assert.equal(report.scope.label, GUARD_LABEL);
    assert.deepEqual(countsOf(report), counts(2, 4, 2, 5, 14));
    assert.deepEqual(scheduledKeys(report), [KA1, KA2, KL, KN]);
    assert.deepEqual(
      [...new Set(requestsOf(kms, 'listVersions').map((entry) => entry.keyId))].sort(),
      [KA1, KA1_PLAIN, KA2, KL, KN].sort(),
      'the unlabelled KB1 is never listed',
    );
  });

  test('ALLOWED_KEY_IDS leaves discovered keys out of the sweep, and says how many', async () => {
    setEnv({ ALLOWED_KEY_IDS: `${KA2},${KB1}`, KMS_ORGANIZATION_ID: ORG });
    const { report, logs } = await sweep();
    assert.deepEqual(countsOf(report), counts(2, 3, 2, 2, 5));
    assert.deepEqual(scheduledKeys(report), [KA2, KB1]);
    assert.deepEqual([...new Set(requestsOf(kms, 'listVersions').map((entry) => entry.keyId))].sort(), [KA2, KB1]);
    assert.ok(logs.some((line) => line.msg === 'keys outside ALLOWED_KEY_IDS left out' && line.keys === 2));
    assert.equal(report.complete, true);
  });

  test('ALLOWED_KEY_IDS refuses a named key outside it before anything is sent, discovery included', async () => {
    setEnv({ ALLOWED_KEY_IDS: KA2, KMS_KEY_IDS: KN, KMS_ORGANIZATION_ID: ORG });
    const { error } = await sweep();
    assert.match(String(error?.message), new RegExp(`^PERMISSION_DENIED: key ${KN} is not in ALLOWED_KEY_IDS`));
    assert.deepEqual(kms.requests, []);
  });
});

describe('where each scheduled version was found', () => {
  test('every entry carries its folderId, and its cloudId when the sweep found the folder through its cloud', async () => {
    setEnv({ KMS_KEY_IDS: KN, KMS_FOLDER_IDS: `${FL},${FC1}`, KMS_ORGANIZATION_ID: ORG });
    const { report } = await sweep();
    const places = Object.fromEntries(report.scheduled.map((entry) => [entry.keyId, [entry.folderId, entry.cloudId]]));
    assert.deepEqual(places, {
      [KN]: [FX, undefined], // named: its folder read with Get
      [KL]: [FL, undefined],
      [KC1]: [FC1, undefined], // a named folder: no cloud is claimed for it
      [KA1]: [FA1, CLOUD_A],
      [KA2]: [FA2, CLOUD_A],
      [KB1]: [FB1, CLOUD_B],
    });
    for (const entry of report.scheduled) assert.ok(!('cloudId' in entry) || entry.cloudId !== undefined, 'no cloudId: undefined');
    assert.equal(requestsOf(kms, 'get').length, 1, 'only the named key is read with Get');
    assert.deepEqual(report.warnings, []);
  });
});

describe('bad configuration and payloads', () => {
  const secret = 'leakycanary';
  for (const [variable, value] of [
    ['KMS_FOLDER_IDS', `${FA1},${secret}/x`],
    ['KMS_CLOUD_IDS', `${CLOUD_A}, ${secret}.cloud`],
    ['KMS_ORGANIZATION_ID', `${secret}-org`],
    ['RESOURCE_MANAGER_ENDPOINT', `http://${secret}.example.com`],
    ['RESOURCE_MANAGER_ENDPOINT', `${secret} is not a URL`],
  ] as const) {
    test(`${variable}=${JSON.stringify(value)}: an error naming the variable, never its value; nothing sent`, async () => {
      setEnv({ KMS_KEY_IDS: KN, [variable]: value });
      const { error, logs } = await sweep();
      assert.match(String(error?.message), new RegExp(`^INTERNAL: configuration: ${variable} must`));
      assert.ok(!String(error?.message).includes(secret), 'the value is not echoed');
      assert.ok(!JSON.stringify(logs).includes(secret), 'the value is not logged');
      assert.deepEqual(kms.requests, []);
    });
  }

  for (const [payload, field] of [
    [{ folderIds: ['a/b'] }, 'payload.folderIds[0]'],
    [{ folderIds: FA1 }, 'payload.folderIds'],
    [{ cloudIds: 'x' }, 'payload.cloudIds'],
    [{ cloudIds: [CLOUD_A, ''] }, 'payload.cloudIds[1]'],
    [{ organizationId: 5 }, 'payload.organizationId'],
    [{ organizationId: [ORG] }, 'payload.organizationId'],
    [{ folderId: 'b1g folder' }, 'payload.folderId'],
    // The whole payload is at fault, and the message says which field is unknown.
    [{ organizationID: ORG }, 'payload: has unknown fields: "organizationID"'],
  ] as const) {
    test(`payload ${JSON.stringify(payload)}: INVALID_ARGUMENT naming ${field}, nothing sent`, async () => {
      setEnv({ KMS_ORGANIZATION_ID: ORG });
      const { error, logs } = await sweep(JSON.stringify(payload));
      assert.ok(String(error?.message).startsWith(`INVALID_ARGUMENT: ${field}`), String(error?.message));
      assert.ok(logs.some((line) => line.level === 'WARN' || line.level === 'ERROR'));
      assert.deepEqual(kms.requests, []);
    });
  }
});
