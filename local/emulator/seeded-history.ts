// Seeded versions that name who scheduled them get that schedule operation in their key's history,
// so ListOperations attributes seeded destructions as it does live ones.
import { anyJson, OPERATION_DESCRIPTION, TYPE_URL, versionJson } from './json-shapes.ts';
import type { OperationStore } from './operations.ts';
import type { KeyRecord } from './records.ts';
import { formatTimestamp } from './time-format.ts';

/** How long before seeding the seeded schedule operations are dated. */
const SEEDED_OPERATION_AGE_MS = 60_000;

export function recordSeededSchedules(operations: OperationStore, keys: KeyRecord[], seededAtMs: number): void {
  for (const key of keys) {
    for (const version of key.versions) {
      if (version.scheduledBy === undefined || version.destroyAtMs === undefined) continue;
      operations.addFinished({
        description: OPERATION_DESCRIPTION.schedule,
        keyId: key.id,
        createdBy: version.scheduledBy,
        createdAtMs: seededAtMs - SEEDED_OPERATION_AGE_MS,
        metadataType: TYPE_URL.scheduleMetadata,
        metadata: { keyId: key.id, versionId: version.id, destroyAt: formatTimestamp(version.destroyAtMs) },
        response: anyJson(TYPE_URL.symmetricKeyVersion, versionJson(version)),
      });
    }
  }
}
