// Resource Manager's cloud and folder lists: paging, checks, access, faults, and what KMS makes of denied folders.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_ORGANIZATION_ID, type Emulator, type SeedCloudInput } from '../../local/emulator/index.ts';
import { call, errorOf, get, startSeeded } from './helpers.ts';

const ORG = 'bpforg0000000000001';
const BIG_CLOUD = 'b1gbigcloud00000001';
const DENIED_CLOUD = 'b1gdeniedcloud00001';
const DENIED_FOLDER = 'b1gdeniedfolder0001';
const KEY_IN_DENIED = 'abjindenied00000001';

/** 250 clouds in ORG (the first holds 250 folders), one denied cloud, one cloud in the default organization. */
function seedClouds(): SeedCloudInput[] {
  const clouds: SeedCloudInput[] = [];
  for (let c = 1; c <= 250; c++) clouds.push({ id: `b1gcloud${String(c).padStart(11, '0')}`, organizationId: ORG });
  clouds[0] = {
    id: BIG_CLOUD,
    organizationId: ORG,
    name: 'big-cloud',
    description: 'many folders',
    labels: { env: 'prod' },
    createdAt: '2025-01-01T00:00:00Z',
    folders: Array.from({ length: 250 }, (_, f) => ({ id: `b1gfolder${String(f + 1).padStart(10, '0')}` })),
  };
  clouds[0].folders![0] = { id: 'b1gfolder0000000001', name: 'first', labels: { team: 'core' }, createdAt: '2025-01-02T00:00:00Z' };
  clouds[0].folders![1] = { id: DENIED_FOLDER, name: 'secret', status: 'PENDING_DELETION', accessDenied: true };
  clouds.push({ id: DENIED_CLOUD, organizationId: ORG, accessDenied: true, folders: [{ id: 'b1ginsidedenied0001' }] });
  clouds.push({ id: 'b1gelsewhere0000001' });
  return clouds;
}

let emulator: Emulator;
before(async () => {
  emulator = await startSeeded({
    seed: {
      keys: [
        { id: KEY_IN_DENIED, folderId: DENIED_FOLDER },
        { id: 'abjindeniedcloud001', folderId: 'b1ginsidedenied0001' },
        { id: 'abjinfirst000000001', folderId: 'b1gfolder0000000001' },
      ],
      clouds: seedClouds(),
    },
  });
});
after(() => emulator.close());

async function listAll(path: string, field: string, pageSize: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const answer = await get(emulator, `${path}&pageSize=${pageSize}${token ? `&pageToken=${token}` : ''}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    ids.push(...answer.body[field].map((item: { id: string }) => item.id));
    token = answer.body.nextPageToken;
    pages++;
  } while (token !== undefined);
  return { ids, pages };
}

describe('Cloud.List', () => {
  test('pages of 100 list the 250 visible clouds of the organization once each, oldest first; a denied cloud is left out', async () => {
    const { ids, pages } = await listAll(`/resource-manager/v1/clouds?organizationId=${ORG}`, 'clouds', 100);
    assert.equal(pages, 3);
    assert.equal(ids.length, 250);
    assert.equal(new Set(ids).size, 250);
    assert.equal(ids[0], BIG_CLOUD, 'the oldest first');
    assert.ok(!ids.includes(DENIED_CLOUD));
    assert.ok(!ids.includes('b1gelsewhere0000001'), 'only that organization');
  });

  test('a cloud answers in the API shape: defaults left out, organizationId always there', async () => {
    const answer = await get(emulator, `/resource-manager/v1/clouds?organizationId=${ORG}&pageSize=2`);
    assert.deepEqual(answer.body.clouds[0], {
      id: BIG_CLOUD,
      createdAt: '2025-01-01T00:00:00Z',
      name: 'big-cloud',
      description: 'many folders',
      organizationId: ORG,
      labels: { env: 'prod' },
    });
    assert.deepEqual(Object.keys(answer.body.clouds[1]).sort(), ['createdAt', 'id', 'name', 'organizationId']);
  });

  test('without organizationId every visible cloud is listed; an organization without clouds answers {}', async () => {
    const all = await listAll('/resource-manager/v1/clouds?', 'clouds', 1000);
    assert.equal(all.ids.length, 251);
    const elsewhere = (await get(emulator, `/resource-manager/v1/clouds?organizationId=${DEFAULT_ORGANIZATION_ID}`)).body;
    assert.deepEqual(
      elsewhere.clouds.map((cloud: { id: string }) => cloud.id),
      ['b1gelsewhere0000001'],
      'a cloud seeded without organizationId is in the default organization',
    );
    assert.deepEqual((await get(emulator, '/resource-manager/v1/clouds?organizationId=bpfemptyorg00000001')).body, {});
  });
});

describe('Folder.List', () => {
  test('pages of 100 list the 250 folders of a cloud once each, every status included, with their status', async () => {
    const { ids, pages } = await listAll(`/resource-manager/v1/folders?cloudId=${BIG_CLOUD}`, 'folders', 100);
    assert.equal(pages, 3);
    assert.equal(new Set(ids).size, 250);
    const first = await get(emulator, `/resource-manager/v1/folders?cloudId=${BIG_CLOUD}&pageSize=1`);
    assert.deepEqual(first.body.folders, [
      {
        id: 'b1gfolder0000000001',
        cloudId: BIG_CLOUD,
        createdAt: '2025-01-02T00:00:00Z',
        name: 'first',
        labels: { team: 'core' },
        status: 'ACTIVE',
      },
    ]);
    const denied = (await listAll(`/resource-manager/v1/folders?cloudId=${BIG_CLOUD}`, 'folders', 1000)).ids.indexOf(DENIED_FOLDER);
    assert.ok(denied >= 0, 'a denied folder is still listed');
  });

  test('an unknown or denied cloud answers 403 PERMISSION_DENIED', async () => {
    for (const cloudId of [DENIED_CLOUD, 'b1gnosuchcloud00001']) {
      const error = errorOf(await get(emulator, `/resource-manager/v1/folders?cloudId=${cloudId}`));
      assert.deepEqual([error.httpStatus, error.code], [403, 7], cloudId);
    }
  });

  test('a page token is bound to its cloud and to the list it came from', async () => {
    const token = (await get(emulator, `/resource-manager/v1/folders?cloudId=${BIG_CLOUD}&pageSize=1`)).body.nextPageToken;
    const cloudsToken = (await get(emulator, `/resource-manager/v1/clouds?pageSize=1`)).body.nextPageToken;
    for (const path of [
      `/resource-manager/v1/folders?cloudId=b1gcloud00000000002&pageToken=${token}`,
      `/resource-manager/v1/folders?cloudId=${BIG_CLOUD}&pageToken=${cloudsToken}`,
    ]) {
      const error = errorOf(await get(emulator, path));
      assert.deepEqual([error.httpStatus, error.code], [400, 3], path);
      assert.match(error.message, /pageToken/);
    }
  });
});

describe('checks', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['missing cloudId', '/resource-manager/v1/folders', /cloudId/],
    ['empty cloudId', '/resource-manager/v1/folders?cloudId=', /cloudId/],
    ['cloudId of 51 characters', `/resource-manager/v1/folders?cloudId=${'c'.repeat(51)}`, /cloudId/],
    ['organizationId of 51 characters', `/resource-manager/v1/clouds?organizationId=${'o'.repeat(51)}`, /organizationId/],
    ['pageSize 1001', '/resource-manager/v1/clouds?pageSize=1001', /pageSize/],
    ['pageSize not a number', `/resource-manager/v1/folders?cloudId=${BIG_CLOUD}&pageSize=ten`, /pageSize/],
    ['pageToken of 2001 characters', `/resource-manager/v1/clouds?pageToken=${'x'.repeat(2001)}`, /pageToken/],
    ['pageToken not from this emulator', `/resource-manager/v1/clouds?pageToken=${'x'.repeat(2000)}`, /pageToken/],
  ];
  for (const [name, path, field] of cases) {
    test(`${name}: 400 INVALID_ARGUMENT naming the field in a BadRequest detail`, async () => {
      const answer = await get(emulator, path);
      const error = errorOf(answer);
      assert.deepEqual([error.httpStatus, error.code], [400, 3]);
      assert.match(error.message, field);
      const badRequest = answer.body.details.find((d: { '@type': string }) => d['@type'] === 'type.googleapis.com/google.rpc.BadRequest');
      assert.match(badRequest.fieldViolations[0].field, field);
    });
  }

  test('pageSize 0 or absent means 100', async () => {
    for (const query of ['', '&pageSize=0']) {
      const answer = await get(emulator, `/resource-manager/v1/folders?cloudId=${BIG_CLOUD}${query}`);
      assert.equal(answer.body.folders.length, 100);
    }
  });

  test('the same Bearer authentication as KMS; a wrong method is 405', async () => {
    for (const path of ['/resource-manager/v1/clouds', `/resource-manager/v1/folders?cloudId=${BIG_CLOUD}`]) {
      assert.equal((await call(emulator, 'GET', path, undefined, {})).status, 401);
      assert.equal((await call(emulator, 'GET', path, undefined, { authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await call(emulator, 'POST', path)).status, 405);
    }
  });

  test('requests are logged with their route and query', async () => {
    emulator.clearRequests();
    await get(emulator, `/resource-manager/v1/folders?cloudId=${BIG_CLOUD}&pageSize=5`);
    const [entry] = emulator.requests;
    assert.deepEqual([entry?.route, entry?.query, entry?.status], ['listFolders', { cloudId: BIG_CLOUD, pageSize: '5' }, 200]);
  });
});

describe('KMS and denied folders', () => {
  test('List of the keys of a denied folder, or of a folder in a denied cloud, answers 403', async () => {
    for (const folderId of [DENIED_FOLDER, 'b1ginsidedenied0001']) {
      const error = errorOf(await get(emulator, `/kms/v1/keys?folderId=${folderId}`));
      assert.deepEqual([error.httpStatus, error.code], [403, 7], folderId);
    }
    assert.equal((await get(emulator, '/kms/v1/keys?folderId=b1gfolder0000000001')).body.keys[0].id, 'abjinfirst000000001');
  });
});

describe('faults aimed at one resource', () => {
  test('resourceId targets a cloud: its folder list, its folders key lists and keys fail, other clouds do not', async (t) => {
    t.after(() => emulator.faults.clear());
    emulator.faults.add({ resourceId: BIG_CLOUD, status: 503 });
    assert.equal((await get(emulator, `/resource-manager/v1/folders?cloudId=${BIG_CLOUD}`)).status, 503);
    assert.equal((await get(emulator, '/kms/v1/keys?folderId=b1gfolder0000000001')).status, 503);
    assert.equal((await get(emulator, '/kms/v1/keys/abjinfirst000000001')).status, 503);
    assert.equal((await get(emulator, '/resource-manager/v1/folders?cloudId=b1gcloud00000000002')).status, 200);
    assert.equal((await get(emulator, `/resource-manager/v1/clouds?organizationId=${ORG}`)).status, 200);
  });

  test('resourceId targets an organization, a folder, a key; route narrows it; keyId rules still work', async (t) => {
    t.after(() => emulator.faults.clear());
    emulator.faults.add([
      { route: 'listClouds', resourceId: ORG, status: 429, times: 1 },
      { resourceId: 'b1gfolder0000000001', route: 'list', status: 500, times: 1 },
      { resourceId: 'abjinfirst000000001', route: 'listVersions', status: 502, times: 1 },
      { keyId: 'abjinfirst000000001', status: 504, times: 1 },
    ]);
    assert.equal((await get(emulator, '/resource-manager/v1/clouds')).status, 200, 'no organization named: not that rule');
    assert.equal((await get(emulator, `/resource-manager/v1/clouds?organizationId=${ORG}`)).status, 429);
    assert.equal((await get(emulator, '/kms/v1/keys?folderId=b1gfolder0000000001')).status, 500);
    assert.equal((await get(emulator, '/kms/v1/keys/abjinfirst000000001/versions')).status, 502);
    assert.equal((await get(emulator, '/kms/v1/keys/abjinfirst000000001')).status, 504);
    assert.deepEqual(emulator.faults.list(), []);
  });

  test('listClouds and listFolders take malformed faults like other routes', async (t) => {
    t.after(() => emulator.faults.clear());
    emulator.faults.add([
      { route: 'listFolders', malformed: 'shape', times: 1 },
      { route: 'listClouds', malformed: 'json', times: 1 },
    ]);
    const shaped = await get(emulator, `/resource-manager/v1/folders?cloudId=${BIG_CLOUD}`);
    assert.equal(typeof shaped.body.folders[0].id, 'number');
    const broken = await get(emulator, '/resource-manager/v1/clouds');
    assert.equal(typeof broken.body, 'string', 'not JSON');
  });
});
