// One emulator seed for the whole bench: each measurement uses its own keys, so nothing needs reseeding.
import { generateSeed, type SeedData, type SeedKey } from '../../local/emulator/index.ts';
import { MEMORY_QUOTA, MEMORY_SMALL, SWEEP_KEYS, SWEEP_VERSIONS_PER_KEY } from '../settings.ts';

export interface BenchSeed {
  data: SeedData;
  /** Cold starts and warm calls; the oldest version of each key is scheduled. */
  sweepKeys: SeedKey[];
  /** Throughput sweeps: the same shape with nothing scheduled, so a sweep of these named keys makes one Get
   *  (the key's deletion protection) and one ListVersions per key and nothing else (a scheduled version makes
   *  it also read the key's operations: who scheduled it), exactly the GETs the bare loops and the SDK's
   *  sweep send. */
  throughputKeys: SeedKey[];
  memorySmallKeys: SeedKey[];
  memoryQuotaKeys: SeedKey[];
}

export function benchSeed(): BenchSeed {
  const sweep = generateSeed({ keys: SWEEP_KEYS, versionsPerKey: SWEEP_VERSIONS_PER_KEY, scheduled: SWEEP_KEYS, idPrefix: 'abj' });
  const throughput = generateSeed({ keys: SWEEP_KEYS, versionsPerKey: SWEEP_VERSIONS_PER_KEY, idPrefix: 'tput' });
  // About a tenth of the versions scheduled in both memory sweeps, so their reports grow alike.
  const small = generateSeed({ ...MEMORY_SMALL, scheduled: (MEMORY_SMALL.keys * MEMORY_SMALL.versionsPerKey) / 10, idPrefix: 'small' });
  const quota = generateSeed({ ...MEMORY_QUOTA, scheduled: (MEMORY_QUOTA.keys * MEMORY_QUOTA.versionsPerKey) / 10, idPrefix: 'quota' });
  return {
    data: { keys: [...sweep.keys, ...throughput.keys, ...small.keys, ...quota.keys] },
    sweepKeys: sweep.keys as SeedKey[],
    throughputKeys: throughput.keys as SeedKey[],
    memorySmallKeys: small.keys as SeedKey[],
    memoryQuotaKeys: quota.keys as SeedKey[],
  };
}

export function scheduledVersionOf(key: SeedKey): string {
  const version = key.versions.find((v) => v.status === 'SCHEDULED_FOR_DESTRUCTION');
  if (!version) throw new Error(`bench seed: key ${key.id} has no scheduled version`);
  return version.id;
}
