import type { SeedKeyInput } from '../../local/emulator/index.ts';

const HOUR = 3_600_000;

/**
 * A key with a primary version, `active` other ACTIVE versions and `scheduled` versions scheduled
 * for destruction an hour apart from `from` on. IDs: `${keyId}a1…` active, `${keyId}s1…` scheduled.
 */
export function keyWith(
  keyId: string,
  counts: {
    active?: number;
    scheduled?: number;
    destroyed?: number;
    folderId?: string;
    labels?: Record<string, string>;
    deletionProtection?: boolean;
  },
  from = Date.now(),
): SeedKeyInput {
  const versions: NonNullable<SeedKeyInput['versions']> = [{ id: `${keyId}p`, primary: true, createdAt: '2026-01-01T00:00:00Z' }];
  for (let i = 1; i <= (counts.active ?? 0); i++) versions.push({ id: `${keyId}a${i}`, createdAt: '2025-06-01T00:00:00Z' });
  for (let i = 1; i <= (counts.scheduled ?? 0); i++) {
    versions.push({
      id: `${keyId}s${i}`,
      status: 'SCHEDULED_FOR_DESTRUCTION',
      destroyAt: new Date(from + (i + 1) * HOUR).toISOString(),
      createdAt: '2025-05-01T00:00:00Z',
    });
  }
  for (let i = 1; i <= (counts.destroyed ?? 0); i++)
    versions.push({ id: `${keyId}d${i}`, status: 'DESTROYED', createdAt: '2025-04-01T00:00:00Z' });
  return {
    id: keyId,
    ...(counts.folderId ? { folderId: counts.folderId } : {}),
    ...(counts.labels ? { labels: counts.labels } : {}),
    ...(counts.deletionProtection ? { deletionProtection: true } : {}),
    versions,
  };
}
