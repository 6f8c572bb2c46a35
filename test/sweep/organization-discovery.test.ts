// Discovery over real HTTP to the emulator: every page of clouds, folders and keys followed; clouds and
// folders that fail while the rest is swept; the deadline cutting discovery short; and one shared pool
// of SWEEP_CONCURRENCY requests for clouds, folders, keys and versions alike.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { handler as cancelHandler } from '../../functions/cancel-version-destruction/index.ts';
import { handler as listHandler } from '../../functions/list-versions/index.ts';
import type { Emulator, SeedCloudInput, SeedFolderInput, SeedKeyInput } from '../../local/emulator/index.ts';
import { timerEvent } from '../../local/host/index.ts';
import type { SweepReport } from '../../shared/sweep/report.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { requestsOf, setEnv, TEST_TOKEN } from '../support/kms.ts';
import {
  CLOUD_A,
  CLOUD_B,
  FA1,
  FA2,
  FB1,
  FL,
  KA1,
  KA2,
  KB1,
  KL,
  ORG,
  organizationSeed,
  useOrganizationEmulator,
} from '../support/organization.ts';
import { keyWith } from '../support/seed.ts';

// One more than the page size the client asks for.
const PAGE_PLUS_ONE = 1001;

let kms: Emulator;

type Handler = typeof listHandler;

async function sweep(payload?: string, options: { remainingMs?: number; handler?: Handler } = {}) {
  const handler = options.handler ?? listHandler;
  const context = invocationContext({ token: TEST_TOKEN, remainingMs: options.remainingMs ?? 60_000 });
  const run = await captureOutput(() => handler(timerEvent(payload), context));
  return { report: run.value as SweepReport, error: run.error as Error | undefined, logs: records(run.lines) };
}

function pad(n: number): string {
  return String(n).padStart(8, '0');
}

useOrganizationEmulator((started) => {
  kms = started;
});

describe('every page is followed', () => {
  test(`an organization of ${PAGE_PLUS_ONE} clouds: both pages of clouds read, every cloud's folders listed`, async () => {
    const clouds: SeedCloudInput[] = Array.from({ length: PAGE_PLUS_ONE }, (_, c) => ({
      id: `b1gpagedcloud${pad(c)}`,
      organizationId: ORG,
    }));
    clouds[PAGE_PLUS_ONE - 1]!.folders = [{ id: FL }];
    kms.seed({ clouds, keys: [keyWith(KL, { folderId: FL, scheduled: 1 })] });
    setEnv({ KMS_ORGANIZATION_ID: ORG, SWEEP_CONCURRENCY: '32' });
    const { report } = await sweep();
    const pages = requestsOf(kms, 'listClouds');
    assert.equal(pages.length, 2);
    assert.deepEqual(
      pages.map((entry) => [entry.query.pageSize, entry.query.pageToken !== undefined]),
      [
        ['1000', false],
        ['1000', true],
      ],
    );
    assert.equal(new Set(requestsOf(kms, 'listFolders').map((entry) => entry.query.cloudId)).size, PAGE_PLUS_ONE);
    assert.deepEqual([report.cloudsScanned, report.foldersScanned, report.keysScanned, report.complete], [PAGE_PLUS_ONE, 1, 1, true]);
    assert.deepEqual(
      report.scheduled.map((entry) => [entry.keyId, entry.cloudId]),
      [[KL, clouds[PAGE_PLUS_ONE - 1]!.id]],
      'the key in the last cloud of the second page is found',
    );
  });

  test(`a cloud of ${PAGE_PLUS_ONE} folders: both pages read; inactive ones skipped, the active one on page 2 swept`, async () => {
    const statuses = ['DELETING', 'PENDING_DELETION'] as const;
    // The first and the last (on the second page) are active; every other one is being deleted.
    const folders: SeedFolderInput[] = Array.from({ length: PAGE_PLUS_ONE }, (_, f) =>
      f === 0 || f === PAGE_PLUS_ONE - 1 ? { id: `b1gpagedfolder${pad(f)}` } : { id: `b1gpagedfolder${pad(f)}`, status: statuses[f % 2] },
    );
    const first = folders[0]!.id;
    const last = folders[PAGE_PLUS_ONE - 1]!.id;
    kms.seed({
      clouds: [{ id: CLOUD_A, organizationId: ORG, folders }],
      keys: [keyWith(KA1, { folderId: first, scheduled: 1 }), keyWith(KA2, { folderId: last, scheduled: 1 })],
    });
    setEnv({ KMS_CLOUD_IDS: CLOUD_A });
    const { report } = await sweep();
    const pages = requestsOf(kms, 'listFolders');
    assert.deepEqual(
      pages.map((entry) => [entry.query.cloudId, entry.query.pageSize, entry.query.pageToken !== undefined]),
      [
        [CLOUD_A, '1000', false],
        [CLOUD_A, '1000', true],
      ],
    );
    assert.deepEqual([report.cloudsScanned, report.foldersScanned, report.foldersSkipped], [1, 2, PAGE_PLUS_ONE - 2]);
    assert.deepEqual(
      requestsOf(kms, 'list').map((entry) => entry.query.folderId),
      [first, last],
      'only the active folders are listed',
    );
    assert.deepEqual(report.scheduled.map((entry) => entry.keyId).sort(), [KA1, KA2]);
  });

  test(`a folder of ${PAGE_PLUS_ONE} keys: both pages read, the labelled key on page 2 swept`, async () => {
    const keys: SeedKeyInput[] = Array.from({ length: PAGE_PLUS_ONE }, (_, k) => ({ id: `abjpagedkey${pad(k)}`, folderId: FA1 }));
    const last = keys[PAGE_PLUS_ONE - 1]!.id;
    keys[PAGE_PLUS_ONE - 1] = keyWith(last, { folderId: FA1, scheduled: 2, labels: { guard: 'on' } });
    kms.seed({ clouds: [{ id: CLOUD_A, organizationId: ORG, folders: [{ id: FA1 }] }], keys });
    setEnv({ KMS_ORGANIZATION_ID: ORG, PROTECT_LABEL: 'guard=on' });
    const { report } = await sweep();
    const pages = requestsOf(kms, 'list');
    assert.deepEqual(
      pages.map((entry) => [entry.query.folderId, entry.query.pageSize, entry.query.pageToken !== undefined]),
      [
        [FA1, '1000', false],
        [FA1, '1000', true],
      ],
    );
    assert.deepEqual([report.keysScanned, report.versionsScanned, report.scheduled.length, report.complete], [1, 3, 2, true]);
    assert.deepEqual(
      requestsOf(kms, 'listVersions').map((entry) => entry.keyId),
      [last],
    );
  });
});

describe('a cloud and a folder that fail while the rest is swept', () => {
  /** The entries without their message, in a fixed order (they are recorded as listings finish). */
  function withoutMessages(errors: SweepReport['errors']): unknown[] {
    return errors.map(({ message, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }

  function assertErrorShape(errors: SweepReport['errors']): void {
    for (const error of errors) {
      const [kind] = Object.keys(error).filter((name) => name !== 'code' && name !== 'message');
      assert.deepEqual(Object.keys(error).sort(), [kind, 'code', 'message'].sort(), JSON.stringify(error));
      assert.ok(error.message.length > 0);
    }
  }

  test('403: a cloud denied (seeded accessDenied) and a folder denied: named in errors, the other folders swept', async () => {
    const seed = organizationSeed();
    const deniedCloud = 'b1gdeniedcloud00001';
    seed.clouds!.push({ id: deniedCloud, organizationId: ORG, accessDenied: true, folders: [{ id: 'b1gindeniedcloud001' }] });
    seed.clouds![0]!.folders![1]!.accessDenied = true; // FA2
    kms.seed(seed);
    setEnv({ KMS_CLOUD_IDS: `${CLOUD_A},${deniedCloud},${CLOUD_B}` });
    const { report, logs } = await sweep();
    assert.deepEqual(withoutMessages(report.errors), [
      { cloudId: deniedCloud, code: 'PERMISSION_DENIED' },
      { folderId: FA2, code: 'PERMISSION_DENIED' },
    ]);
    assertErrorShape(report.errors);
    assert.deepEqual([report.cloudsScanned, report.foldersScanned, report.keysScanned, report.complete], [2, 2, 3, false]);
    assert.deepEqual(report.scheduled.map((entry) => entry.keyId).sort(), [KA1, KB1]);
    assert.ok(
      logs.some((line) => line.level === 'ERROR' && line.msg === 'could not list the folders of a cloud' && line.cloudId === deniedCloud),
    );
    assert.ok(logs.some((line) => line.level === 'ERROR' && line.msg === 'could not list the keys of a folder' && line.folderId === FA2));
  });

  test('503 past KMS_MAX_ATTEMPTS=2 on a cloud of the organization and on a folder: each tried twice, then an error', async () => {
    kms.faults.add([
      { route: 'listFolders', resourceId: CLOUD_B, status: 503 },
      { route: 'list', resourceId: FA2, status: 503 },
    ]);
    setEnv({ KMS_ORGANIZATION_ID: ORG, KMS_MAX_ATTEMPTS: '2' });
    const { report } = await sweep();
    assert.deepEqual(withoutMessages(report.errors), [
      { cloudId: CLOUD_B, code: 'UNAVAILABLE' },
      { folderId: FA2, code: 'UNAVAILABLE' },
    ]);
    assertErrorShape(report.errors);
    assert.equal(requestsOf(kms, 'listFolders', ['cloudId', CLOUD_B]).length, 2);
    assert.equal(requestsOf(kms, 'list', ['folderId', FA2]).length, 2);
    assert.deepEqual([report.cloudsScanned, report.foldersScanned, report.keysScanned, report.complete], [1, 1, 2, false]);
    assert.deepEqual(
      report.scheduled.map((entry) => entry.keyId),
      [KA1],
    );
  });

  test('an organization whose clouds cannot be listed is named in errors; the named folder is still swept', async () => {
    kms.faults.add({ route: 'listClouds', resourceId: ORG, status: 403 });
    setEnv({ KMS_ORGANIZATION_ID: ORG, KMS_FOLDER_IDS: FL });
    const { report, logs } = await sweep();
    assert.deepEqual(withoutMessages(report.errors), [{ organizationId: ORG, code: 'PERMISSION_DENIED' }]);
    assertErrorShape(report.errors);
    assert.deepEqual([report.cloudsScanned, report.foldersScanned, report.keysScanned, report.complete], [0, 1, 1, false]);
    assert.deepEqual(
      report.scheduled.map((entry) => entry.keyId),
      [KL],
    );
    assert.ok(
      logs.some(
        (line) => line.level === 'ERROR' && line.msg === 'could not list the clouds of an organization' && line.organizationId === ORG,
      ),
    );
  });

  test('403 through a fault rule on a cloud of the organization: the guard sweep cancels the rest, then fails the invocation', async () => {
    kms.faults.add([
      { route: 'listFolders', resourceId: CLOUD_B, status: 403 },
      { route: 'list', resourceId: FA2, status: 403 },
    ]);
    setEnv({ KMS_ORGANIZATION_ID: ORG });
    const { error, logs } = await sweep(undefined, { handler: cancelHandler });
    assert.match(
      String(error?.message),
      /^ABORTED: guard sweep incomplete: 0 cancellation\(s\) failed, 0 not confirmed yet .*, 1 folder\(s\), 1 cloud\(s\) unreadable, 0 key\(s\) not reached$/,
    );
    assert.equal(kms.version(KA1, `${KA1}s1`)?.status, 'ACTIVE', 'what could be read was saved');
    assert.equal(kms.version(KA2, `${KA2}s1`)?.status, 'SCHEDULED_FOR_DESTRUCTION');
    assert.equal(kms.version(KB1, `${KB1}s1`)?.status, 'SCHEDULED_FOR_DESTRUCTION');
    assert.ok(logs.some((line) => line.msg === 'guard sweep finished' && line.cancelled === 1 && line.complete === false));
    assert.ok(logs.some((line) => line.level === 'ERROR' && line.cloudId === CLOUD_B && line.code === 'PERMISSION_DENIED'));
  });
});

describe('the deadline cuts discovery short', () => {
  test('what was never read is in notReached as {organizationId}, {cloudId}, {folderId} and {keyId}; the report is not complete', async () => {
    // One request at a time. FL's key list is slow, so by the time it has answered (and KL was found)
    // less time is left than a listing needs: FA1, CLOUD_B, ORG and the key found in FL are not reached.
    kms.faults.add({ route: 'list', resourceId: FL, latencyMs: 2_300 });
    setEnv({ KMS_FOLDER_IDS: `${FL},${FA1}`, KMS_CLOUD_IDS: CLOUD_B, KMS_ORGANIZATION_ID: ORG, SWEEP_CONCURRENCY: '1' });
    const remainingMs = 3_000;
    const started = Date.now();
    const { report, logs } = await sweep(undefined, { remainingMs });
    assert.ok(Date.now() - started < remainingMs, 'the report is ready before the platform would stop the call');
    assert.deepEqual(
      [...report.notReached].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [{ cloudId: CLOUD_B }, { folderId: FA1 }, { keyId: KL }, { organizationId: ORG }],
    );
    assert.deepEqual([report.foldersScanned, report.cloudsScanned, report.keysScanned, report.complete], [1, 0, 0, false]);
    assert.equal(requestsOf(kms, 'listVersions').length, 0);
    assert.equal(requestsOf(kms, 'listFolders').length + requestsOf(kms, 'listClouds').length, 0);
    const line = logs.find((entry) => entry.msg === 'not reached before the deadline');
    assert.deepEqual([line?.level, line?.count, line?.keyIds, line?.folderIds, line?.cloudIds], ['ERROR', 4, [KL], [FA1], [CLOUD_B]]);
  });
});

describe('discovery shares SWEEP_CONCURRENCY', () => {
  test('clouds, folders, keys and versions together never exceed SWEEP_CONCURRENCY requests in flight', async () => {
    kms.faults.add({ latencyMs: 15 });
    setEnv({ KMS_ORGANIZATION_ID: ORG, KMS_FOLDER_IDS: FL, KMS_KEY_IDS: KA1, SWEEP_CONCURRENCY: '2' });
    const { report } = await sweep();
    assert.deepEqual([report.cloudsScanned, report.foldersScanned, report.keysScanned, report.complete], [2, 4, 5, true]);
    assert.equal(kms.concurrency.peak, 2);
  });

  test("one cloud's slow ListFolders does not hold back another cloud's folders, keys and versions", async () => {
    // CLOUD_A is listed first (the oldest); while its folder list takes 800 ms, CLOUD_B's folder, key
    // and versions must be listed.
    const slow = 800;
    kms.faults.add({ route: 'listFolders', resourceId: CLOUD_A, latencyMs: slow });
    setEnv({ KMS_ORGANIZATION_ID: ORG, SWEEP_CONCURRENCY: '3' });
    const seen: Array<{ route: string; slowPending: boolean }> = [];
    const watch = setInterval(() => {
      const slowEntry = requestsOf(kms, 'listFolders', ['cloudId', CLOUD_A])[0];
      for (const entry of kms.requests.slice(seen.length)) {
        seen.push({ route: `${entry.route} ${entry.query.folderId ?? entry.keyId ?? ''}`, slowPending: slowEntry?.status === 0 });
      }
    }, 5);
    try {
      const { report } = await sweep();
      assert.deepEqual([report.cloudsScanned, report.foldersScanned, report.keysScanned, report.complete], [2, 3, 4, true]);
    } finally {
      clearInterval(watch);
    }
    assert.ok(kms.concurrency.peak <= 3, `peak ${kms.concurrency.peak}`);
    const whileSlow = seen.filter((entry) => entry.slowPending).map((entry) => entry.route);
    assert.ok(
      whileSlow.includes(`list ${FB1}`),
      `CLOUD_B's folder listed while CLOUD_A's ListFolders was pending: ${whileSlow.join(', ')}`,
    );
    assert.ok(whileSlow.includes(`listVersions ${KB1}`), `and its key's versions too: ${whileSlow.join(', ')}`);
    assert.ok(!whileSlow.includes(`list ${FA1}`), "CLOUD_A's folders come only after its list");
  });
});
