import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { handler } from '../../functions/list-versions/index.ts';
import { type Emulator, generateSeed } from '../../local/emulator/index.ts';
import { invocationContext } from '../support/events.ts';
import { kmsEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';

let kms: Emulator;
let restoreEnv: () => void;
const KEY = 'abjdirectkey0000001';
const context = () => invocationContext({ token: TEST_TOKEN });

before(async () => {
  const seed = generateSeed({ keys: 1, versionsPerKey: 12, scheduled: 3, idPrefix: 'dir' });
  seed.keys[0]!.id = KEY;
  kms = await startKms({ seed });
  restoreEnv = setEnv({ ...kmsEnv(kms), LOG_LEVEL: 'FATAL', ALLOWED_KEY_IDS: undefined });
});
after(async () => {
  restoreEnv();
  await kms.close();
});

test('a direct call returns the KMS-shaped object itself', async () => {
  const result = (await handler({ keyId: KEY, pageSize: 5 }, context())) as { keyVersions: unknown[]; nextPageToken?: string };
  assert.equal(result.keyVersions.length, 5);
  assert.equal(typeof result.nextPageToken, 'string');
});

test('a direct call takes all and status as JSON values', async () => {
  const result = (await handler({ keyId: KEY, all: true, status: 'SCHEDULED_FOR_DESTRUCTION' }, context())) as {
    keyVersions: Array<{ status: string }>;
  };
  assert.equal(result.keyVersions.length, 3);
  assert.ok(result.keyVersions.every((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION'));
});

test('bad input throws an Error whose message starts with INVALID_ARGUMENT and names the field', async () => {
  await assert.rejects(handler({ keyId: KEY, pageSize: '2000' }, context()), (error: Error) => {
    assert.match(error.message, /^INVALID_ARGUMENT: pageSize: /);
    assert.ok(!error.stack?.includes('    at '), 'no stack frames for the platform to show');
    return true;
  });
});

test('a KMS failure throws with the KMS code name', async () => {
  await assert.rejects(handler({ keyId: 'abjnosuchkey' }, context()), { message: /^NOT_FOUND: / });
});

test('input that is not an object is refused, not crashed on', async () => {
  for (const input of [null, 42, 'abj', [KEY]]) {
    await assert.rejects(handler(input, context()), { message: /^INVALID_ARGUMENT: input: must be an object/ });
  }
  await assert.rejects(handler({ keyId: { nested: true } }, context()), { message: /^INVALID_ARGUMENT: keyId: / });
});

test('ALLOWED_KEY_IDS refuses another key with PERMISSION_DENIED before any KMS call', async () => {
  const restore = setEnv({ ALLOWED_KEY_IDS: 'abjsomeotherkey' });
  kms.clearRequests();
  try {
    await assert.rejects(handler({ keyId: KEY }, context()), { message: /^PERMISSION_DENIED: / });
    assert.equal(kms.requests.length, 0);
  } finally {
    restore();
  }
});
