import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { generateSeed, startEmulator } from '../../local/emulator/index.ts';
import { makeSelfSignedCertificate } from '../../local/self-signed-certificate.ts';

test('with a certificate the emulator serves HTTPS, for clients whose TLS path is under test', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kms-emulator-tls-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const certificate = await makeSelfSignedCertificate(dir);
  const emulator = await startEmulator({ seed: generateSeed({ keys: 1, versionsPerKey: 3 }), tls: certificate });
  t.after(() => emulator.close());
  assert.match(emulator.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const body = await new Promise<string>((resolve, reject) => {
    https
      .get(
        `${emulator.url}/kms/v1/keys/abjk0000000000000001/versions`,
        { ca: certificate.cert, headers: { Authorization: 'Bearer t' } },
        (response) => {
          let text = '';
          response
            .setEncoding('utf8')
            .on('data', (chunk) => (text += chunk))
            .on('end', () => resolve(text));
        },
      )
      .on('error', reject);
  });
  assert.equal((JSON.parse(body) as { keyVersions: unknown[] }).keyVersions.length, 3);
});
