// Every KMS route's happy path, and the JSON shapes the REST API answers with (defaults left out).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DESTROYED, FOLDER, get, KEY, OLDER, PRIMARY, post, SCHEDULED, startFor } from './helpers.ts';

const ID_PATTERN = /^abj[a-z0-9]{17}$/;

test('GET a key answers the SymmetricKey with its primary version, leaving out default fields', async (t) => {
  const emulator = await startFor(t);
  const answer = await get(emulator, `/kms/v1/keys/${KEY}`);
  assert.equal(answer.status, 200);
  assert.equal(answer.headers.get('content-type'), 'application/json');
  assert.match(answer.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  assert.deepEqual(answer.body, {
    id: KEY,
    folderId: FOLDER,
    createdAt: '2026-01-01T00:00:00Z',
    name: 'payments',
    labels: { protect: 'true' },
    status: 'ACTIVE',
    primaryVersion: { id: PRIMARY, keyId: KEY, status: 'ACTIVE', algorithm: 'AES_256', createdAt: '2026-01-04T00:00:00Z', primary: true },
    defaultAlgorithm: 'AES_256',
  });
});

test('GET a key shows the optional fields once they are set', async (t) => {
  const emulator = await startFor(t, {
    seed: {
      keys: [
        {
          id: 'abjkeyfull000000001',
          description: 'card data',
          rotationPeriod: '86400s',
          deletionProtection: true,
          rotatedAt: '2026-01-05T00:00:00Z',
          defaultAlgorithm: 'AES_256_HSM',
        },
      ],
    },
  });
  const { body } = await get(emulator, '/kms/v1/keys/abjkeyfull000000001');
  assert.equal(body.description, 'card data');
  assert.equal(body.rotationPeriod, '86400s');
  assert.equal(body.deletionProtection, true);
  assert.equal(body.rotatedAt, '2026-01-05T00:00:00Z');
  assert.equal(body.primaryVersion.hostedByHsm, true, 'an AES_256_HSM version is hosted by HSM');
  assert.equal(body.name, undefined, 'an empty name is left out');
  assert.equal(body.labels, undefined, 'empty labels are left out');
});

test('List answers the keys of the folder', async (t) => {
  const emulator = await startFor(t);
  const answer = await get(emulator, `/kms/v1/keys?folderId=${FOLDER}`);
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body.keys.map((key: { id: string }) => key.id).sort(), [KEY, 'abjdenied0000000001'].sort());
  assert.equal('nextPageToken' in answer.body, false);
});

test('List of a folder without keys answers {} (proto3 JSON leaves out an empty list)', async (t) => {
  const emulator = await startFor(t);
  const answer = await get(emulator, '/kms/v1/keys?folderId=b1gemptyfolder00001');
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body, {});
});

test('ListVersions answers every version, oldest first, with destroyAt only on the scheduled one', async (t) => {
  const emulator = await startFor(t);
  const answer = await get(emulator, `/kms/v1/keys/${KEY}/versions`);
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body, {
    keyVersions: [
      { id: DESTROYED, keyId: KEY, status: 'DESTROYED', algorithm: 'AES_256', createdAt: '2026-01-01T00:00:00Z' },
      {
        id: SCHEDULED,
        keyId: KEY,
        status: 'SCHEDULED_FOR_DESTRUCTION',
        algorithm: 'AES_256',
        createdAt: '2026-01-02T00:00:00Z',
        destroyAt: '2026-01-12T00:00:00Z',
      },
      { id: OLDER, keyId: KEY, status: 'ACTIVE', algorithm: 'AES_256', createdAt: '2026-01-03T00:00:00Z' },
      { id: PRIMARY, keyId: KEY, status: 'ACTIVE', algorithm: 'AES_256', createdAt: '2026-01-04T00:00:00Z', primary: true },
    ],
  });
});

test('cancelVersionDestruction answers a done Operation whose response is the ACTIVE version', async (t) => {
  const emulator = await startFor(t);
  const answer = await post(emulator, `/kms/v1/keys/${KEY}:cancelVersionDestruction`, { versionId: SCHEDULED });
  assert.equal(answer.status, 200);
  const operation = answer.body;
  assert.match(operation.id, ID_PATTERN);
  assert.equal(operation.description, 'Cancel symmetric key version destruction');
  // Timestamps are RFC3339 UTC on the emulator clock (set to 2026-01-10, running since).
  assert.match(operation.createdAt, /^2026-01-10T00:00:0\d(\.\d{3})?Z$/);
  assert.match(operation.modifiedAt, /^2026-01-10T00:00:0\d(\.\d{3})?Z$/);
  assert.match(operation.createdBy, /^[a-z0-9]{20}$/);
  assert.equal(operation.done, true);
  assert.deepEqual(operation.metadata, {
    '@type': 'type.googleapis.com/yandex.cloud.kms.v1.CancelSymmetricKeyVersionDestructionMetadata',
    keyId: KEY,
    versionId: SCHEDULED,
  });
  assert.deepEqual(operation.response, {
    '@type': 'type.googleapis.com/yandex.cloud.kms.v1.SymmetricKeyVersion',
    id: SCHEDULED,
    keyId: KEY,
    status: 'ACTIVE',
    algorithm: 'AES_256',
    createdAt: '2026-01-02T00:00:00Z',
  });
  assert.equal('error' in operation, false);
  assert.equal(emulator.version(KEY, SCHEDULED)?.status, 'ACTIVE');
});

test('the custom-method colon may arrive percent-encoded as %3A', async (t) => {
  const emulator = await startFor(t);
  const answer = await post(emulator, `/kms/v1/keys/${KEY}%3AcancelVersionDestruction`, { versionId: SCHEDULED });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.response.status, 'ACTIVE');
});

test('scheduleVersionDestruction answers an Operation with destroyAt in its metadata and the scheduled version', async (t) => {
  const emulator = await startFor(t);
  emulator.clock.set('2026-01-10T00:00:00Z');
  const answer = await post(emulator, `/kms/v1/keys/${KEY}:scheduleVersionDestruction`, { versionId: OLDER, pendingPeriod: '86400s' });
  assert.equal(answer.status, 200);
  const operation = answer.body;
  assert.equal(operation.description, 'Schedule symmetric key version destruction');
  assert.equal(operation.metadata['@type'], 'type.googleapis.com/yandex.cloud.kms.v1.ScheduleSymmetricKeyVersionDestructionMetadata');
  assert.equal(operation.metadata.keyId, KEY);
  assert.equal(operation.metadata.versionId, OLDER);
  const destroyAtMs = Date.parse(operation.metadata.destroyAt);
  const expectedMs = Date.parse('2026-01-11T00:00:00Z');
  assert.ok(destroyAtMs >= expectedMs && destroyAtMs < expectedMs + 5000, `destroyAt ${operation.metadata.destroyAt} is a day after now`);
  assert.equal(operation.response['@type'], 'type.googleapis.com/yandex.cloud.kms.v1.SymmetricKeyVersion');
  assert.equal(operation.response.status, 'SCHEDULED_FOR_DESTRUCTION');
  assert.equal(operation.response.destroyAt, operation.metadata.destroyAt);
});

test('rotate answers an Operation naming the new primary version, with the rotated key as response', async (t) => {
  const emulator = await startFor(t);
  const answer = await post(emulator, `/kms/v1/keys/${KEY}:rotate`);
  assert.equal(answer.status, 200);
  const operation = answer.body;
  assert.equal(operation.description, 'Rotate symmetric key');
  assert.equal(operation.metadata['@type'], 'type.googleapis.com/yandex.cloud.kms.v1.RotateSymmetricKeyMetadata');
  assert.equal(operation.metadata.keyId, KEY);
  assert.match(operation.metadata.newPrimaryVersionId, ID_PATTERN);
  assert.equal(operation.response['@type'], 'type.googleapis.com/yandex.cloud.kms.v1.SymmetricKey');
  assert.equal(operation.response.id, KEY);
  assert.equal(operation.response.primaryVersion.id, operation.metadata.newPrimaryVersionId);
  assert.equal(typeof operation.response.rotatedAt, 'string');
});

test('GET /operations/{id} answers the finished operation again', async (t) => {
  const emulator = await startFor(t);
  const created = await post(emulator, `/kms/v1/keys/${KEY}:cancelVersionDestruction`, { versionId: SCHEDULED });
  const answer = await get(emulator, `/operations/${created.body.id}`);
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.body, created.body);
});
