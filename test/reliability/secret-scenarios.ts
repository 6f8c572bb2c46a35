// Runs every path of both bundled handlers with a recognisable IAM token and prints every answer, so
// secrets.test.ts can scan all this process writes. Run by that test as a child process.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSeed, startEmulator } from '../../local/emulator/index.ts';
import { queueEvent, startHost, timerEvent } from '../../local/host/index.ts';
import { httpEvent, invocationContext } from '../support/events.ts';

export const SECRET = process.env.SECRET_UNDER_TEST ?? 't1.SECRET-TOKEN-do-not-leak-4242';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
type Handler = (event: unknown, context: unknown) => Promise<unknown>;
const list = (require(path.join(ROOT, 'dist/list-versions/index.js')) as { handler: Handler }).handler;
const cancel = (require(path.join(ROOT, 'dist/cancel-version-destruction/index.js')) as { handler: Handler }).handler;

const seed = generateSeed({ keys: 2, versionsPerKey: 4, scheduled: 4, idPrefix: 'sec' });
const [keyA, keyB] = seed.keys.map((k) => k.id) as [string, string];
const scheduledOf = (keyId: string) =>
  seed.keys
    .find((k) => k.id === keyId)!
    .versions!.filter((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION')
    .map((v) => v.id);
const kms = await startEmulator({ seed, tokens: [SECRET] });
const host = await startHost({ functions: { 'cancel-version-destruction': cancel as never }, token: () => SECRET });
Object.assign(process.env, {
  KMS_ENDPOINT: kms.url,
  OPERATION_ENDPOINT: kms.url,
  LOG_LEVEL: 'TRACE',
  KMS_KEY_IDS: `${keyA},${keyB}`,
  KMS_MAX_ATTEMPTS: '2',
});

const withToken = () => invocationContext({ token: SECRET });
async function scenario(name: string, run: () => Promise<unknown>): Promise<void> {
  try {
    console.log(JSON.stringify({ scenario: name, answer: await run() }));
  } catch (error) {
    const e = error as Error;
    console.log(JSON.stringify({ scenario: name, thrown: { name: e.name, message: e.message, stack: e.stack } }));
  }
}

await scenario('list: success', () => list(httpEvent({ query: { keyId: keyA } }), withToken()));
await scenario('list: KMS error', () => list(httpEvent({ query: { keyId: 'abjnosuchkey' } }), withToken()));
await scenario('list: validation error', () => list(httpEvent({ query: { keyId: '../x', pageSize: SECRET } }), withToken()));
await scenario('list: direct call failing', () => list({ keyId: 'abjnosuchkey' }, withToken()));
await scenario('list: token from YC_IAM_TOKEN', async () => {
  process.env.YC_IAM_TOKEN = SECRET;
  try {
    return await list(httpEvent({ query: { keyId: keyB } }), invocationContext());
  } finally {
    delete process.env.YC_IAM_TOKEN;
  }
});
await scenario('list: token KMS refuses', async () => {
  await kms.close();
  const strict = await startEmulator({ seed, tokens: ['another-token-entirely'] });
  process.env.KMS_ENDPOINT = strict.url;
  try {
    return await list(httpEvent({ query: { keyId: keyA } }), withToken());
  } finally {
    await strict.close();
  }
});
const kms2 = await startEmulator({ seed, tokens: [SECRET] });
Object.assign(process.env, { KMS_ENDPOINT: kms2.url, OPERATION_ENDPOINT: kms2.url });
await scenario('list: network error', async () => {
  process.env.KMS_ENDPOINT = 'http://127.0.0.1:9';
  try {
    return await list(httpEvent({ query: { keyId: keyA } }), withToken());
  } finally {
    process.env.KMS_ENDPOINT = kms2.url;
  }
});
await scenario('cancel: success', () =>
  cancel(httpEvent({ method: 'POST', params: { keyId: keyA }, body: JSON.stringify({ versionId: scheduledOf(keyA)[0] }) }), withToken()),
);
await scenario('cancel: failure', () =>
  cancel(httpEvent({ method: 'POST', params: { keyId: keyA }, body: JSON.stringify({ versionId: 'abjnosuchversion' }) }), withToken()),
);
await scenario('cancel: validation error', () => cancel(httpEvent({ method: 'POST', body: `{"keyId":"${SECRET}"}` }), withToken()));
await scenario('cancel: queue batch with poison', () =>
  cancel(queueEvent([JSON.stringify({ keyId: keyB, versionId: scheduledOf(keyB)[0] }), SECRET]), withToken()),
);
await scenario('list: report sweep chained to cancel', async () => {
  process.env.CHAIN_URL = `${host.url}/functions/cancel-version-destruction?integration=raw`;
  try {
    return await list(timerEvent(), withToken());
  } finally {
    delete process.env.CHAIN_URL;
  }
});
await scenario('list: chained hand-off failing', async () => {
  process.env.CHAIN_URL = 'http://127.0.0.1:9/nowhere';
  try {
    return await list(timerEvent(), withToken());
  } finally {
    delete process.env.CHAIN_URL;
  }
});
await scenario('cancel: guard sweep with a failure', async () => {
  kms2.faults.add({ route: 'listVersions', keyId: keyB, status: 403 });
  return cancel(timerEvent(), withToken());
});
await scenario('cancel: no token at all', () => cancel({ keyId: keyA, versionId: 'abjv1' }, invocationContext()));

await host.close();
await kms2.close();
console.log(JSON.stringify({ scenario: 'done' }));
