// Paging through ListVersions and List: sizes, opaque tokens, every item exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { errorOf, get, startFor, startSeeded } from './helpers.ts';

const BIG = 'abjbig0000000000001';
const MID = 'abjmid0000000000001';
const OTHER = 'abjother00000000001';
const FOLDER = 'b1gpaging0000000001';

let emulator: Emulator;

before(async () => {
  const big = generateSeed({ keys: 1, versionsPerKey: 2500, idPrefix: 'big' }).keys[0]!;
  const mid = generateSeed({ keys: 1, versionsPerKey: 300, idPrefix: 'mid' }).keys[0]!;
  const others = generateSeed({ keys: 250, versionsPerKey: 2, folderId: FOLDER, idPrefix: 'fld' }).keys;
  emulator = await startSeeded({
    seed: {
      keys: [
        { ...big, id: BIG },
        { ...mid, id: MID },
        { id: OTHER, versions: [{ id: 'abjotherver00000001' }, { id: 'abjotherver00000002' }] },
        ...others,
      ],
    },
  });
});
after(() => emulator.close());

interface Page {
  ids: string[];
  next?: string;
}

async function versionsPage(keyId: string, query: string): Promise<Page> {
  const answer = await get(emulator, `/kms/v1/keys/${keyId}/versions${query}`);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return { ids: (answer.body.keyVersions ?? []).map((v: { id: string }) => v.id), next: answer.body.nextPageToken };
}

async function allVersions(keyId: string, pageSize: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await versionsPage(keyId, `?pageSize=${pageSize}${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`);
    ids.push(...page.ids);
    token = page.next;
    pages++;
    if (token !== undefined) assert.ok(token.length <= 100, 'a token fits the API limit of 100 characters');
  } while (token !== undefined);
  return { ids, pages };
}

const expectedIds = (keyId = BIG) => emulator.key(keyId)!.versions.map((v) => v.id);

describe('ListVersions paging', () => {
  test('without pageSize a page holds 100 versions and a token; pageSize=0 means the same', async () => {
    for (const query of ['', '?pageSize=0']) {
      const page = await versionsPage(BIG, query);
      assert.equal(page.ids.length, 100);
      assert.deepEqual(page.ids, expectedIds().slice(0, 100));
      assert.equal(typeof page.next, 'string');
    }
  });

  test('pages of 1000 list all 2,500 versions exactly once in 3 pages, the last without a token', async () => {
    const { ids, pages } = await allVersions(BIG, 1000);
    assert.equal(pages, 3);
    assert.deepEqual(ids, expectedIds());
    assert.equal(new Set(ids).size, 2500);
  });

  // 300 versions rather than 2,500: one request per version, and the folder's tests must stay fast.
  test('pages of 1 list all 300 versions exactly once, oldest first', async () => {
    const { ids, pages } = await allVersions(MID, 1);
    assert.equal(pages, 300);
    assert.deepEqual(ids, expectedIds(MID));
    const createdAt = emulator.key(MID)!.versions.map((v) => Date.parse(v.createdAt));
    assert.ok(
      createdAt.every((time, i) => i === 0 || time >= createdAt[i - 1]!),
      'versions are in createdAt order',
    );
  });

  test('a list that fits one page has no nextPageToken', async () => {
    const page = await versionsPage(OTHER, '?pageSize=2');
    assert.deepEqual(page, { ids: ['abjotherver00000001', 'abjotherver00000002'], next: undefined });
  });

  test('pageSize 1001 is refused with 400 INVALID_ARGUMENT naming pageSize', async () => {
    const error = errorOf(await get(emulator, `/kms/v1/keys/${BIG}/versions?pageSize=1001`));
    assert.deepEqual([error.httpStatus, error.code], [400, 3]);
    assert.match(error.message, /pageSize/);
  });

  test('a forged, altered, cross-key or too long token is refused with 400 INVALID_ARGUMENT naming pageToken', async () => {
    const real = (await versionsPage(BIG, '?pageSize=10')).next!;
    const altered = real.slice(0, -2) + (real.endsWith('AA') ? 'BB' : 'AA');
    const forged = Buffer.from('10.').toString('base64url') + 'A'.repeat(22);
    const cases = { forged, altered, 'for another key': real, 'too long': 'a'.repeat(101), 'not base64url': '%%%' };
    for (const [label, token] of Object.entries(cases)) {
      const keyId = label === 'for another key' ? OTHER : BIG;
      const error = errorOf(await get(emulator, `/kms/v1/keys/${keyId}/versions?pageToken=${encodeURIComponent(token)}`));
      assert.deepEqual([error.httpStatus, error.code], [400, 3], label);
      assert.match(error.message, /pageToken/, label);
    }
  });

  test('a token from another emulator is refused', async (t) => {
    const other = await startFor(t, { seed: { keys: [{ id: BIG, versions: [{ id: 'abjv1' }, { id: 'abjv2' }] }] } });
    const token = (await versionsPage(BIG, '?pageSize=10')).next!;
    const error = errorOf(await get(other, `/kms/v1/keys/${BIG}/versions?pageToken=${token}`));
    assert.equal(error.httpStatus, 400);
  });
});

describe('List paging', () => {
  test('pages of 100 list the 250 keys of a folder exactly once, the last page without a token', async () => {
    const ids: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const answer = await get(emulator, `/kms/v1/keys?folderId=${FOLDER}${token ? `&pageToken=${token}` : ''}`);
      assert.equal(answer.status, 200);
      ids.push(...answer.body.keys.map((key: { id: string }) => key.id));
      token = answer.body.nextPageToken;
      pages++;
    } while (token);
    assert.equal(pages, 3);
    assert.equal(ids.length, 250);
    assert.equal(new Set(ids).size, 250);
  });

  test('a token issued for another folder is refused', async () => {
    const token = (await get(emulator, `/kms/v1/keys?folderId=${FOLDER}&pageSize=1`)).body.nextPageToken;
    const error = errorOf(await get(emulator, `/kms/v1/keys?folderId=b1gsomewhereelse001&pageToken=${token}`));
    assert.equal(error.httpStatus, 400);
    assert.match(error.message, /pageToken/);
  });
});
