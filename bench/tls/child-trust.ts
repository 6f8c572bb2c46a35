// How children come to trust the loopback certificate. Two ways, because they cost differently:
//
// - "root-store" (default): the children use a CA file holding Node's own bundled root certificates plus
//   ours (`--use-openssl-ca`, SSL_CERT_FILE). The store is then built on the first TLS connection, inside
//   the first invocation, as it is in production, where building it costs ~20 ms on this machine.
// - "extra-ca-certs": NODE_EXTRA_CA_CERTS=cert. Node 20 then builds its whole root store while it
//   starts, before any of our timers run, so every first invocation looks ~20 ms cheaper than it is
//   (and `node -e 0` ~20 ms dearer).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import tls from 'node:tls';
import type { Certificate } from '../../local/self-signed-certificate.ts';

export type TrustMode = 'root-store' | 'extra-ca-certs';

export interface ChildTrust {
  mode: TrustMode;
  nodeFlags: string[];
  env: Record<string, string>;
}

export function trustModeFrom(value: string | undefined): TrustMode {
  if (value === undefined || value === '' || value === 'root-store') return 'root-store';
  if (value === 'extra-ca-certs') return 'extra-ca-certs';
  throw new Error(`BENCH_TRUST must be root-store or extra-ca-certs, not ${value}`);
}

export async function childTrust(mode: TrustMode, certificate: Certificate, dir: string): Promise<ChildTrust> {
  if (mode === 'extra-ca-certs') return { mode, nodeFlags: [], env: { NODE_EXTRA_CA_CERTS: certificate.certPath } };
  const storePath = path.join(dir, 'root-store.pem');
  await writeFile(storePath, [...tls.rootCertificates, certificate.cert.toString('utf8')].join('\n'));
  return { mode, nodeFlags: ['--use-openssl-ca'], env: { SSL_CERT_FILE: storePath } };
}
