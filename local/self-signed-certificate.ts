// A throw-away certificate for 127.0.0.1, for the emulator to serve HTTPS on loopback (the bench and the
// TLS tests use it), so clients speak TLS there as they would to the cloud.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export interface Certificate {
  /** PEM file: give it to children as NODE_EXTRA_CA_CERTS so they trust the loopback servers. */
  certPath: string;
  cert: Buffer;
  key: Buffer;
}

export async function makeSelfSignedCertificate(dir: string): Promise<Certificate> {
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  return { certPath, cert: await readFile(certPath), key: await readFile(keyPath) };
}
