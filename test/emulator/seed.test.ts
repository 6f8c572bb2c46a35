// Seed data: files, defaults, consistency rules, and generated seeds.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEMO_ORGANIZATION_ID, demoSeed } from '../../local/emulator/demo-seed.ts';
import { DEFAULT_FOLDER_ID, generateSeed, loadSeedFile, type SeedData, SeedError } from '../../local/emulator/index.ts';
import { get, startFor } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'kms-emulator-seed-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function seedFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function seedErrorOf(fn: () => unknown): SeedError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof SeedError, `expected a SeedError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a SeedError');
}

describe('loadSeedFile', () => {
  test('reads a seed file that the emulator then serves', async (t) => {
    const path = seedFile('good.json', {
      keys: [
        {
          id: 'abjkey0001',
          folderId: 'b1gfolder01',
          name: 'payments',
          labels: { protect: 'true' },
          versions: [{ id: 'abjver0001', status: 'ACTIVE', primary: true }],
        },
      ],
    });
    const data = loadSeedFile(path);
    const emulator = await startFor(t, { seed: data });
    const answer = await get(emulator, '/kms/v1/keys/abjkey0001');
    assert.equal(answer.body.name, 'payments');
    assert.equal(answer.body.primaryVersion.id, 'abjver0001');
  });

  const badFiles: Array<[string, unknown, RegExp]> = [
    [
      'an unknown status',
      { keys: [{ id: 'k1', versions: [{ id: 'v1' }, { id: 'v2', status: 'GONE' }] }] },
      /keys\[0\]\.versions\[1\]\.status/,
    ],
    [
      'a misspelt field',
      { keys: [{ id: 'k1', versions: [{ id: 'v1', destoryAt: '2026-01-01T00:00:00Z' }] }] },
      /keys\[0\]\.versions\[0\]\.destoryAt: unknown field/,
    ],
    ['a key without id', { keys: [{ name: 'x' }] }, /keys\[0\]\.id/],
    ['an id longer than 50', { keys: [{ id: 'k'.repeat(51) }] }, /keys\[0\]\.id.*50/],
    ['a bad timestamp', { keys: [{ id: 'k1', createdAt: 'yesterday' }] }, /keys\[0\]\.createdAt.*RFC3339/],
    ['a label the API refuses', { keys: [{ id: 'k1', labels: { Env: 'prod' } }] }, /keys\[0\]\.labels/],
    ['no keys list', { key: [] }, /keys/],
    [
      'two primary versions',
      {
        keys: [
          {
            id: 'k1',
            versions: [
              { id: 'v1', primary: true },
              { id: 'v2', primary: true },
            ],
          },
        ],
      },
      /keys\[0\]\.versions\[1\]\.primary/,
    ],
    [
      'a scheduled version without destroyAt',
      { keys: [{ id: 'k1', versions: [{ id: 'v1' }, { id: 'v2', status: 'SCHEDULED_FOR_DESTRUCTION' }] }] },
      /keys\[0\]\.versions\[1\]\.destroyAt/,
    ],
    [
      'destroyAt on an ACTIVE version',
      { keys: [{ id: 'k1', versions: [{ id: 'v1', destroyAt: '2026-01-01T00:00:00Z' }] }] },
      /keys\[0\]\.versions\[0\]\.destroyAt/,
    ],
    [
      'a primary version that is not ACTIVE',
      { keys: [{ id: 'k1', versions: [{ id: 'v1', status: 'DESTROYED', primary: true }] }] },
      /keys\[0\]\.versions\[0\]\.primary/,
    ],
    ['no ACTIVE version', { keys: [{ id: 'k1', versions: [{ id: 'v1', status: 'DESTROYED' }] }] }, /keys\[0\]\.versions/],
    ['a duplicate key id', { keys: [{ id: 'k1' }, { id: 'k1' }] }, /keys\[1\]\.id.*duplicate/],
    [
      'a duplicate version id',
      {
        keys: [
          { id: 'k1', versions: [{ id: 'v1' }] },
          { id: 'k2', versions: [{ id: 'v1' }] },
        ],
      },
      /keys\[1\]\.versions\[0\]\.id.*duplicate/,
    ],
    [
      'scheduledBy on a version that is not scheduled',
      { keys: [{ id: 'k1', versions: [{ id: 'v1', scheduledBy: 'ajeuser' }] }] },
      /keys\[0\]\.versions\[0\]\.scheduledBy: only allowed when status is SCHEDULED_FOR_DESTRUCTION/,
    ],
    [
      'a scheduledBy that is no ID',
      {
        keys: [
          {
            id: 'k1',
            versions: [
              { id: 'v1' },
              { id: 'v2', status: 'SCHEDULED_FOR_DESTRUCTION', destroyAt: '2026-02-01T00:00:00Z', scheduledBy: 'a user' },
            ],
          },
        ],
      },
      /keys\[0\]\.versions\[1\]\.scheduledBy/,
    ],
    ['a duplicate cloud id', { keys: [], clouds: [{ id: 'c1' }, { id: 'c1' }] }, /clouds\[1\]\.id.*duplicate/],
    [
      'a folder id in two clouds',
      {
        keys: [],
        clouds: [
          { id: 'c1', folders: [{ id: 'f1' }] },
          { id: 'c2', folders: [{ id: 'f1' }] },
        ],
      },
      /clouds\[1\]\.folders\[0\]\.id.*duplicate/,
    ],
    [
      'an unknown folder status',
      { keys: [], clouds: [{ id: 'c1', folders: [{ id: 'f1', status: 'GONE' }] }] },
      /clouds\[0\]\.folders\[0\]\.status/,
    ],
    ['a cloud name the API refuses', { keys: [], clouds: [{ id: 'c1', name: 'My Cloud' }] }, /clouds\[0\]\.name/],
    ['a misspelt cloud field', { keys: [], clouds: [{ id: 'c1', organisationId: 'o1' }] }, /clouds\[0\]\.organisationId: unknown field/],
  ];
  for (const [name, content, field] of badFiles) {
    test(`refuses ${name}, naming the field and the file`, () => {
      const path = seedFile('bad.json', content);
      const error = seedErrorOf(() => loadSeedFile(path));
      assert.match(error.message, field);
      assert.ok(error.message.includes(path), error.message);
    });
  }

  test('refuses a file that is not JSON, or is missing, saying so', () => {
    assert.throws(() => loadSeedFile(seedFile('broken.json', '{"keys": [')), /not valid JSON/);
    assert.throws(() => loadSeedFile(join(dir, 'missing.json')), /Cannot read seed file .*missing\.json/);
  });
});

describe('defaults', () => {
  test('a key given only by id gets a folder, ACTIVE status, AES_128 and one primary version', async (t) => {
    const emulator = await startFor(t, { seed: { keys: [{ id: 'abjbare000000000001' }] } });
    const key = emulator.key('abjbare000000000001')!;
    assert.deepEqual(
      [key.folderId, key.status, key.defaultAlgorithm, key.name, key.accessDenied],
      [DEFAULT_FOLDER_ID, 'ACTIVE', 'AES_128', '', false],
    );
    assert.equal(key.versions.length, 1);
    assert.deepEqual([key.versions[0]!.status, key.versions[0]!.primary, key.versions[0]!.algorithm], ['ACTIVE', true, 'AES_128']);
    assert.match(key.versions[0]!.id, /^abj[a-z0-9]{17}$/);
  });

  test("without a marked primary, the newest ACTIVE version is primary; versions take the key's algorithm", async (t) => {
    const seed: SeedData = {
      keys: [
        {
          id: 'abjkey0001',
          defaultAlgorithm: 'AES_192',
          versions: [
            { id: 'v1', createdAt: '2026-01-01T00:00:00Z' },
            { id: 'v2', createdAt: '2026-01-03T00:00:00Z' },
            { id: 'v3', createdAt: '2026-01-04T00:00:00Z', status: 'SCHEDULED_FOR_DESTRUCTION', destroyAt: '2026-02-01T00:00:00Z' },
            { id: 'v4', createdAt: '2026-01-02T00:00:00Z', algorithm: 'AES_256' },
          ],
        },
      ],
    };
    const emulator = await startFor(t, { seed });
    const versions = emulator.key('abjkey0001')!.versions;
    assert.deepEqual(
      versions.filter((v) => v.primary).map((v) => v.id),
      ['v2'],
    );
    assert.deepEqual(
      versions.map((v) => [v.id, v.algorithm]),
      [
        ['v1', 'AES_192'],
        ['v4', 'AES_256'],
        ['v2', 'AES_192'],
        ['v3', 'AES_192'],
      ],
    );
  });

  test('emulator.seed() refuses bad data with the field named, keeping the earlier state', async (t) => {
    const emulator = await startFor(t);
    const error = seedErrorOf(() => emulator.seed({ keys: [{ id: 'k1', versions: [{ id: 'v1', status: 'LOST' as 'ACTIVE' }] }] }));
    assert.equal(error.field, 'keys[0].versions[0].status');
    assert.ok(emulator.key('abjkey0000000000001'));
  });
});

describe('demoSeed', () => {
  test('one organization of two clouds; the keys in different folders; seeded destructions attributed', async (t) => {
    const emulator = await startFor(t, { seed: demoSeed(new Date('2026-01-10T00:00:00Z')) });
    const clouds = (await get(emulator, `/resource-manager/v1/clouds?organizationId=${DEMO_ORGANIZATION_ID}`)).body.clouds;
    assert.equal(clouds.length, 2);
    const folders = await Promise.all(
      clouds.map(async (cloud: { id: string }) => (await get(emulator, `/resource-manager/v1/folders?cloudId=${cloud.id}`)).body.folders),
    );
    const statuses = folders.flat().map((folder: { status: string }) => folder.status);
    assert.ok(statuses.length >= 4 && statuses.some((status) => status !== 'ACTIVE'), statuses.join(', '));
    const keyFolders = ['abjpayments000000001', 'abjbackups0000000001', 'abjscratch0000000001'].map((id) => emulator.key(id)!.folderId);
    assert.equal(new Set(keyFolders).size, 3);
    const operations = (await get(emulator, '/kms/v1/keys/abjpayments000000001/operations')).body.operations;
    assert.deepEqual(
      operations.map((operation: { createdBy: string; metadata: { versionId: string } }) => [
        operation.metadata.versionId,
        operation.createdBy,
      ]),
      [['abjpaymentsv00000003', 'ajeopsrobot000000001']],
    );
  });
});

describe('generateSeed', () => {
  const now = new Date('2026-05-01T12:00:00Z');

  test('50 keys x 40 versions with 100 scheduled: counts, IDs, one primary (the newest) per key', () => {
    const seed = generateSeed({ keys: 50, versionsPerKey: 40, scheduled: 100, now });
    assert.equal(seed.keys.length, 50);
    const versions = seed.keys.flatMap((key) => key.versions ?? []);
    assert.equal(versions.length, 2000);
    const ids = [...seed.keys.map((k) => k.id), ...versions.map((v) => v.id)];
    assert.equal(new Set(ids).size, ids.length, 'IDs are unique');
    assert.ok(
      ids.every((id) => /^[A-Za-z0-9]{1,50}$/.test(id)),
      'IDs are Latin letters and digits, at most 50',
    );
    for (const key of seed.keys) {
      const primaries = key.versions!.filter((v) => v.primary);
      assert.deepEqual(primaries, [key.versions!.at(-1)]);
      assert.equal(primaries[0]!.status, 'ACTIVE');
    }
  });

  test('scheduled versions are non-primary, spread over the keys, with distinct destroyAt hours to days ahead', () => {
    const seed = generateSeed({ keys: 50, versionsPerKey: 40, scheduled: 100, now });
    const scheduled = seed.keys.flatMap((key) => key.versions!.filter((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION'));
    assert.equal(scheduled.length, 100);
    assert.ok(scheduled.every((v) => !v.primary));
    assert.ok(
      seed.keys.every((key) => key.versions!.filter((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION').length === 2),
      'two per key',
    );
    const times = scheduled.map((v) => Date.parse(v.destroyAt!));
    assert.equal(new Set(times).size, 100);
    const hoursAhead = times.map((time) => (time - now.getTime()) / 3_600_000);
    assert.ok(Math.min(...hoursAhead) >= 1 && Math.max(...hoursAhead) <= 24 * 8, `between 1 hour and 8 days ahead`);
    assert.ok(Math.max(...hoursAhead) >= 24, 'some are days ahead');
  });

  test('1000 keys x 10 versions are generated and seeded quickly', async (t) => {
    const started = performance.now();
    const seed = generateSeed({
      keys: 1000,
      versionsPerKey: 10,
      folderId: 'b1gbigfolder0000001',
      labels: (i) => (i % 2 ? { protect: 'true' } : undefined),
    });
    const emulator = await startFor(t, { seed });
    const elapsed = performance.now() - started;
    assert.equal(seed.keys.flatMap((key) => key.versions ?? []).length, 10_000);
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    assert.deepEqual(seed.keys[1]!.labels, { protect: 'true' });
    assert.deepEqual(seed.keys[0]!.labels, {});
    const listed = await get(emulator, '/kms/v1/keys?folderId=b1gbigfolder0000001&pageSize=1000');
    assert.equal(listed.body.keys.length, 1000);
  });

  test('is deterministic for the same options, and idPrefix starts every ID', () => {
    const a = generateSeed({ keys: 3, versionsPerKey: 4, scheduled: 2, now, idPrefix: 'tst' });
    assert.deepEqual(a, generateSeed({ keys: 3, versionsPerKey: 4, scheduled: 2, now, idPrefix: 'tst' }));
    assert.ok(a.keys.every((key) => key.id.startsWith('tst') && key.versions!.every((v) => v.id.startsWith('tst'))));
    assert.equal(a.keys[0]!.id, 'tstk0000000000000001');
  });

  test('organization: C clouds x F folders, the keys dealt out round-robin over the folders, scheduledBy on the scheduled', () => {
    const seed = generateSeed({
      keys: 7,
      versionsPerKey: 3,
      scheduled: 2,
      scheduledBy: 'ajeops0000000000001',
      now,
      idPrefix: 'org',
      organization: { clouds: 2, foldersPerCloud: 3, organizationId: 'bpforg0000000000001' },
    });
    assert.deepEqual(
      seed.clouds?.map((cloud) => [cloud.id, cloud.organizationId, cloud.folders?.length]),
      [
        ['orgc0000000000000001', 'bpforg0000000000001', 3],
        ['orgc0000000000000002', 'bpforg0000000000001', 3],
      ],
    );
    const folderIds = seed.clouds!.flatMap((cloud) => cloud.folders!.map((folder) => folder.id));
    assert.equal(new Set(folderIds).size, 6);
    assert.deepEqual(
      seed.keys.map((key) => key.folderId),
      [...folderIds, folderIds[0]],
    );
    const scheduled = seed.keys.flatMap((key) => key.versions!.filter((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION'));
    assert.deepEqual(
      scheduled.map((v) => v.scheduledBy),
      ['ajeops0000000000001', 'ajeops0000000000001'],
    );
    assert.throws(
      () => generateSeed({ keys: 1, versionsPerKey: 1, folderId: 'f', organization: { clouds: 1, foldersPerCloud: 1 } }),
      /not both/,
    );
    assert.throws(
      () => generateSeed({ keys: 1, versionsPerKey: 1, organization: { clouds: 0, foldersPerCloud: 1 } }),
      /organization\.clouds/,
    );
  });

  test('the bench organization, 20 clouds x 50 folders with 5,000 keys x 10 versions, is generated and seeded quickly', async (t) => {
    const started = performance.now();
    const seed = generateSeed({ keys: 5000, versionsPerKey: 10, scheduled: 5000, organization: { clouds: 20, foldersPerCloud: 50 } });
    const emulator = await startFor(t, { seed });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 5000, `took ${elapsed} ms`);
    const folder = seed.clouds![19]!.folders![49]!.id;
    const listed = await get(emulator, `/kms/v1/keys?folderId=${folder}`);
    assert.equal(listed.body.keys.length, 5, '5,000 keys over 1,000 folders');
    const folders = await get(emulator, `/resource-manager/v1/folders?cloudId=${seed.clouds![19]!.id}`);
    assert.equal(folders.body.folders.length, 50);
  });

  test('refuses more scheduled versions than there are non-primary ones', () => {
    assert.throws(() => generateSeed({ keys: 2, versionsPerKey: 3, scheduled: 5 }), /only 4 are not primary/);
    assert.throws(() => generateSeed({ keys: 0, versionsPerKey: 3 }), /keys/);
    assert.throws(() => generateSeed({ keys: 1, versionsPerKey: 1, idPrefix: 'a-b' }), /idPrefix/);
  });
});
