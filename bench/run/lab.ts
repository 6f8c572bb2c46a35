// Everything the children talk to, on 127.0.0.1 only: the KMS emulator (plain HTTP, and a second one on
// HTTPS for cold starts), the comparator's gRPC server, a self-signed certificate, and the bundled probes.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Emulator, startEmulator } from '../../local/emulator/index.ts';
import { type Certificate, makeSelfSignedCertificate } from '../../local/self-signed-certificate.ts';
import { type KmsGrpcServer, startKmsGrpcServer } from '../grpc/kms-grpc-server.ts';
import { buildProbes, type ProbeName } from '../probes/build-probes.ts';
import { BENCH_LOG_LEVEL, BENCH_TOKEN } from '../settings.ts';
import { type ChildTrust, childTrust, type TrustMode } from '../tls/child-trust.ts';
import { type BenchSeed, benchSeed } from './seeds.ts';

export interface Lab {
  tmpDir: string;
  seed: BenchSeed;
  certificate: Certificate;
  emulator: Emulator;
  /** The same keys over HTTPS: cold starts pay for TLS, as the SDK's first call does. */
  tlsEmulator: Emulator;
  grpc: KmsGrpcServer;
  probes: Record<ProbeName, string>;
  trust: ChildTrust;
  /** `node` arguments for a child: the trust flags, then `args`. */
  nodeArgs(...args: string[]): string[];
  /** A clean environment for a child: nothing of the parent's (tsx loaders, NODE_OPTIONS) leaks in. */
  childEnv(extra: Record<string, string>): NodeJS.ProcessEnv;
  /** What our handlers read, pointed at `kmsUrl`. */
  handlerEnv(kmsUrl: string, extra?: Record<string, string>): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function openLab(trustMode: TrustMode = 'root-store'): Promise<Lab> {
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'kms-guard-bench-'));
  const closers: Array<() => Promise<void>> = [() => rm(tmpDir, { recursive: true, force: true })];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {});
  };
  try {
    const seed = benchSeed();
    const certificate = await makeSelfSignedCertificate(tmpDir);
    // The request log would grow by every warm call and sweep request: off.
    const emulator = await startEmulator({ seed: seed.data, tokens: [BENCH_TOKEN], logRequests: false });
    closers.push(() => emulator.close());
    const tlsEmulator = await startEmulator({ seed: seed.data, tokens: [BENCH_TOKEN], logRequests: false, tls: certificate });
    closers.push(() => tlsEmulator.close());
    const grpc = await startKmsGrpcServer(seed.data, BENCH_TOKEN, certificate);
    closers.push(() => grpc.close());
    const probes = await buildProbes(path.join(tmpDir, 'probes'));
    // Both clients trust the loopback certificate the way they trust a public CA.
    const trust = await childTrust(trustMode, certificate, tmpDir);
    const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpDir,
      ...trust.env,
      ...extra,
    });
    return {
      tmpDir,
      seed,
      certificate,
      emulator,
      tlsEmulator,
      grpc,
      probes,
      trust,
      nodeArgs: (...args) => [...trust.nodeFlags, ...args],
      childEnv,
      handlerEnv: (kmsUrl, extra = {}) =>
        childEnv({ KMS_ENDPOINT: kmsUrl, OPERATION_ENDPOINT: kmsUrl, LOG_LEVEL: BENCH_LOG_LEVEL, ...extra }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
