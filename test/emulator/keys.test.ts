// Create, Update and Delete of a key, as the KMS REST API serves them: each an operation, each with its
// Audit Trails records; a deleted key leaves every answer and only support (the admin API) can restore it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditLogEntry, Emulator } from '../../local/emulator/index.ts';
import { call, errorOf, FOLDER, get, KEY, OLDER, PRIMARY, SCHEDULED, SMALL_SEED, startFor, T0 } from './helpers.ts';

const HOUR = 3_600_000;
const keyPath = `/kms/v1/keys/${KEY}`;
const events = (emulator: Emulator, method: string) =>
  emulator.audit.entries().filter((entry) => entry.json_payload.event_type === `yandex.cloud.audit.kms.${method}`);
const statuses = (entries: AuditLogEntry[]) => entries.map((entry) => entry.json_payload.event_status);

async function restore(emulator: Emulator, keyId: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}/_emulator/restore`, { method: 'POST', body: JSON.stringify({ keyId }) });
  return { status: response.status, body: await response.json() };
}

describe('Update (PATCH with updateMask)', { concurrency: true }, () => {
  test('changes only the fields the mask names; the operation answers with the key', async (t) => {
    const emulator = await startFor(t);
    const answer = await call(emulator, 'PATCH', keyPath, {
      updateMask: 'deletionProtection,labels',
      deletionProtection: true,
      labels: { team: 'payments' },
      name: 'not-in-the-mask',
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.done, true);
    assert.equal(answer.body.metadata['@type'], 'type.googleapis.com/yandex.cloud.kms.v1.UpdateSymmetricKeyMetadata');
    assert.deepEqual(answer.body.metadata.keyId, KEY);
    assert.equal(answer.body.response['@type'], 'type.googleapis.com/yandex.cloud.kms.v1.SymmetricKey');
    assert.equal(answer.body.response.deletionProtection, true);
    const key = (await get(emulator, keyPath)).body;
    assert.deepEqual([key.deletionProtection, key.labels, key.name], [true, { team: 'payments' }, 'payments']);
  });

  test('name and description; snake_case mask paths are read too; false turns protection off', async (t) => {
    const emulator = await startFor(t, { seed: { keys: [{ ...SMALL_SEED.keys[0]!, deletionProtection: true }] } });
    await call(emulator, 'PATCH', keyPath, {
      updateMask: 'name, description, deletion_protection',
      name: 'n2',
      description: 'd2',
      deletionProtection: false,
    });
    const key = (await get(emulator, keyPath)).body;
    assert.deepEqual(
      [key.name, key.description, key.deletionProtection],
      ['n2', 'd2', undefined],
      'false is left out, as proto3 JSON does',
    );
  });

  test('the change is made when the operation is done', async (t) => {
    const emulator = await startFor(t, { operationPolls: 1 });
    const started = await call(emulator, 'PATCH', keyPath, { updateMask: 'deletionProtection', deletionProtection: true });
    assert.equal(started.body.done, undefined);
    assert.equal((await get(emulator, keyPath)).body.deletionProtection, undefined);
    assert.equal((await get(emulator, `/operations/${started.body.id}`)).body.done, true);
    assert.equal((await get(emulator, keyPath)).body.deletionProtection, true);
  });

  test('a missing or unknown mask path and a bad value are 400 INVALID_ARGUMENT naming the field', async (t) => {
    const emulator = await startFor(t);
    const cases: Array<[unknown, RegExp]> = [
      [{ deletionProtection: true }, /^updateMask: required/],
      [{ updateMask: 'deletionProtection,folderId' }, /^updateMask: unknown field path "folderId"/],
      [{ updateMask: 7 }, /^updateMask: must be a string/],
      [{ updateMask: 'deletionProtection', deletionProtection: 'yes' }, /^deletionProtection: must be true or false/],
      [{ updateMask: 'labels', labels: { Team: 'x' } }, /^labels\.Team: /],
      [{ updateMask: 'name', name: 'x'.repeat(101) }, /^name: must be at most 100/],
      [{ updateMask: 'status', status: 'CREATING' }, /^status: must be ACTIVE or INACTIVE/],
    ];
    for (const [body, message] of cases) {
      const error = errorOf(await call(emulator, 'PATCH', keyPath, body));
      assert.deepEqual([error.httpStatus, error.code], [400, 3], JSON.stringify(body));
      assert.match(error.message, message);
    }
    assert.equal(emulator.key(KEY)!.deletionProtection, false, 'nothing was changed');
    assert.equal(events(emulator, 'UpdateSymmetricKey').length, 0, 'a request refused as malformed leaves no record');
  });

  test('an unknown key is 404, a denied one 403', async (t) => {
    const emulator = await startFor(t);
    const body = { updateMask: 'deletionProtection', deletionProtection: true };
    assert.equal(errorOf(await call(emulator, 'PATCH', '/kms/v1/keys/abjnosuchkey00000001', body)).code, 5);
    assert.equal(errorOf(await call(emulator, 'PATCH', '/kms/v1/keys/abjdenied0000000001', body)).code, 7);
  });

  test('leaves STARTED and DONE records naming the mask, the key as it is after the change in DONE', async (t) => {
    const emulator = await startFor(t);
    await call(emulator, 'PATCH', keyPath, { updateMask: 'deletionProtection', deletionProtection: true });
    const records = events(emulator, 'UpdateSymmetricKey');
    assert.deepEqual(statuses(records), ['STARTED', 'DONE']);
    const done = records[1]!.json_payload;
    assert.deepEqual(done.request_parameters, { key_id: KEY, update_mask: 'deletionProtection', deletion_protection: true });
    assert.equal(done.details.key_id, KEY);
    assert.equal(done.details.deletion_protection, true);
    assert.equal(done.details.primary_version_id, PRIMARY);
    assert.equal(done.details.version_id, undefined, 'a key event names no version');
  });
});

describe('Create (POST /kms/v1/keys)', { concurrency: true }, () => {
  test('makes a key with an ACTIVE primary version; List and Get show it; Create records name the folder', async (t) => {
    const emulator = await startFor(t);
    const answer = await call(emulator, 'POST', '/kms/v1/keys', {
      folderId: FOLDER,
      name: 'new-key',
      labels: { team: 'x' },
      defaultAlgorithm: 'AES_256',
    });
    assert.equal(answer.status, 200);
    const { keyId, primaryVersionId } = answer.body.metadata;
    assert.match(keyId, /^abj[a-z0-9]{17}$/);
    assert.equal(answer.body.response.id, keyId);
    assert.equal(answer.body.response.deletionProtection, undefined, 'unprotected unless asked');
    const key = (await get(emulator, `/kms/v1/keys/${keyId}`)).body;
    assert.deepEqual(
      [key.name, key.folderId, key.defaultAlgorithm, key.primaryVersion.id],
      ['new-key', FOLDER, 'AES_256', primaryVersionId],
    );
    const listed = (await get(emulator, `/kms/v1/keys?folderId=${FOLDER}`)).body.keys.map((k: { id: string }) => k.id);
    assert.ok(listed.includes(keyId));
    const records = events(emulator, 'CreateSymmetricKey');
    assert.deepEqual(statuses(records), ['STARTED', 'DONE']);
    assert.equal(records[1]!.json_payload.details.key_id, keyId);
    assert.equal(records[1]!.json_payload.details.deletion_protection, false);
    assert.deepEqual(records[1]!.json_payload.request_parameters, {
      folder_id: FOLDER,
      name: 'new-key',
      labels: { team: 'x' },
      default_algorithm: 'AES_256',
    });
  });

  test('deletionProtection on create; a missing folderId or a bad algorithm is 400', async (t) => {
    const emulator = await startFor(t);
    const made = await call(emulator, 'POST', '/kms/v1/keys', { folderId: FOLDER, deletionProtection: true });
    assert.equal(made.body.response.deletionProtection, true);
    assert.equal(made.body.response.defaultAlgorithm, 'AES_128', 'the KMS default');
    assert.match(errorOf(await call(emulator, 'POST', '/kms/v1/keys', {})).message, /^folderId: /);
    assert.match(
      errorOf(await call(emulator, 'POST', '/kms/v1/keys', { folderId: FOLDER, defaultAlgorithm: 'DES' })).message,
      /^defaultAlgorithm: /,
    );
  });
});

describe('Delete', { concurrency: true }, () => {
  test('a protected key is refused with 400 FAILED_PRECONDITION and an ERROR record; nothing changes', async (t) => {
    const emulator = await startFor(t, { seed: { keys: [{ ...SMALL_SEED.keys[0]!, deletionProtection: true }] } });
    const error = errorOf(await call(emulator, 'DELETE', keyPath));
    assert.deepEqual([error.httpStatus, error.code], [400, 9]);
    assert.match(error.message, /deletion protection/);
    assert.equal((await get(emulator, keyPath)).status, 200);
    const records = events(emulator, 'DeleteSymmetricKey');
    assert.deepEqual(statuses(records), ['ERROR']);
    assert.equal(records[0]!.json_payload.error?.code, 9);
  });

  test('an unprotected key leaves Get, List and ListVersions (404); its versions are scheduled for 72 h later', async (t) => {
    const emulator = await startFor(t);
    const answer = await call(emulator, 'DELETE', keyPath);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.done, true);
    assert.equal(answer.body.metadata['@type'], 'type.googleapis.com/yandex.cloud.kms.v1.DeleteSymmetricKeyMetadata');
    assert.equal(errorOf(await get(emulator, keyPath)).code, 5);
    assert.equal(errorOf(await get(emulator, `${keyPath}/versions`)).code, 5);
    assert.equal(errorOf(await get(emulator, `${keyPath}/operations`)).code, 5);
    assert.equal(
      (await get(emulator, `/kms/v1/keys?folderId=${FOLDER}`)).body.keys?.some((k: { id: string }) => k.id === KEY) ?? false,
      false,
    );
    assert.equal(errorOf(await call(emulator, 'DELETE', keyPath)).code, 5, 'a second delete finds nothing');

    const deleted = emulator.deletedKey(KEY)!;
    const in72h = deleted.restorableUntil;
    const sinceT0 = Date.parse(in72h) - Date.parse(T0) - 72 * HOUR;
    assert.ok(sinceT0 >= 0 && sinceT0 < 60_000, `72 hours after the deletion (the clock stands near T0): ${in72h}`);
    const statusOf = (id: string) => deleted.key.versions.find((v) => v.id === id)!;
    assert.deepEqual([statusOf(PRIMARY).status, statusOf(PRIMARY).destroyAt], ['SCHEDULED_FOR_DESTRUCTION', in72h]);
    assert.equal(statusOf(OLDER).destroyAt, in72h);
    assert.equal(statusOf(SCHEDULED).destroyAt, '2026-01-12T00:00:00Z', 'a destruction due sooner keeps its time');
    assert.deepEqual(statuses(events(emulator, 'DeleteSymmetricKey')), ['STARTED', 'DONE']);
  });

  test('support restores it within 72 hours: versions as they were, a CancelDeleteSymmetricKey record; not after', async (t) => {
    const emulator = await startFor(t);
    await call(emulator, 'DELETE', keyPath);
    emulator.clock.advance(71 * HOUR);
    const restored = await restore(emulator, KEY);
    assert.equal(restored.status, 200);
    const versions = (await get(emulator, `${keyPath}/versions`)).body.keyVersions as Array<{ id: string; status: string }>;
    assert.deepEqual(
      versions.map((v) => [v.id, v.status]),
      [
        ['abjver0000000000000', 'DESTROYED'],
        [SCHEDULED, 'DESTROYED'],
        [OLDER, 'ACTIVE'],
        [PRIMARY, 'ACTIVE'],
      ],
      'the version already due before the deletion was destroyed meanwhile; the others are back',
    );
    const support = events(emulator, 'CancelDeleteSymmetricKey');
    assert.deepEqual(statuses(support), ['DONE']);
    assert.equal(support[0]!.json_payload.authentication.subject_name, 'yandex-cloud-support');

    await call(emulator, 'DELETE', keyPath);
    emulator.clock.advance(72 * HOUR);
    const late = await restore(emulator, KEY);
    assert.equal(late.status, 400);
    assert.match(late.body.message, /more than 72 hours ago/);
    assert.ok(emulator.deletedKey(KEY)!.key.versions.every((v) => v.status === 'DESTROYED'));
    assert.equal((await restore(emulator, 'abjnosuchkey00000001')).status, 400);
  });

  test('the admin state lists deleted keys apart from the live ones', async (t) => {
    const emulator = await startFor(t);
    await call(emulator, 'DELETE', keyPath);
    const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as any;
    assert.equal(
      state.keys.some((k: { id: string }) => k.id === KEY),
      false,
    );
    assert.deepEqual(
      state.deletedKeys.map((d: { key: { id: string } }) => d.key.id),
      [KEY],
    );
  });
});

test('Create, Update and Delete need a token; the same 401 as every other route', async (t) => {
  const emulator = await startFor(t);
  for (const [method, path] of [
    ['POST', '/kms/v1/keys'],
    ['PATCH', keyPath],
    ['DELETE', keyPath],
  ] as const) {
    const answer = await call(emulator, method, path, {}, { authorization: 'Bearer wrong-token-000000000000' });
    assert.equal(errorOf(answer).code, 16, `${method} ${path}`);
  }
});
