// A TLS failure (here, a certificate nobody trusts) fails the same way every time: a final error that
// says the request could not be made, sent once, never retried, and never taken for an unreachable host.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { handler as list } from '../../functions/list-versions/index.ts';
import { makeSelfSignedCertificate } from '../../local/self-signed-certificate.ts';
import { asHttpAnswer, httpEvent, invocationContext } from '../support/events.ts';
import { setEnv, TEST_TOKEN } from '../support/kms.ts';

test('a KMS endpoint whose certificate is not trusted: one connection, a final 500 naming the TLS error, not a 503', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kms-untrusted-tls-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const certificate = await makeSelfSignedCertificate(dir);
  let connections = 0;
  let requests = 0;
  const server = https.createServer({ cert: certificate.cert, key: certificate.key }, (_request, response) => {
    requests++;
    response.end('{"keyVersions":[]}');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(setEnv({ KMS_ENDPOINT: url, OPERATION_ENDPOINT: url, KMS_MAX_ATTEMPTS: '5', LOG_LEVEL: 'FATAL', ALLOWED_KEY_IDS: undefined }));

  const answer = asHttpAnswer(await list(httpEvent({ params: { keyId: 'abjtlskey' } }), invocationContext({ token: TEST_TOKEN })));
  assert.equal(answer.statusCode, 500);
  assert.equal(answer.json.code, 13);
  assert.match(
    answer.json.message,
    /could not be made \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/,
  );
  assert.ok(!answer.body.includes(TEST_TOKEN), 'the token is in no answer');
  assert.equal(connections, 1, 'tried once, never again');
  assert.equal(requests, 0, 'nothing was sent over a connection that was not trusted');
});
