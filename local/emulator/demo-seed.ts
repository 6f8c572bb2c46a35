// The keys `npm start`, `npm run invoke` and the command line emulator start with when given no seed:
// a few readable keys to try things on. The sample events in test/events/ name these IDs.
import type { SeedData } from './types.ts';

const HOUR = 3_600_000;
export const DEMO_FOLDER_ID = 'b1gdemofolder0000001';

export function demoSeed(now: Date = new Date()): SeedData {
  const at = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();
  // Two keys carry the label a folder sweep can filter on (PROTECT_LABEL=protect=true); each key has a
  // version scheduled for destruction hours to days from now.
  return {
    keys: [
      {
        id: 'abjpayments000000001',
        folderId: DEMO_FOLDER_ID,
        name: 'payments',
        defaultAlgorithm: 'AES_256',
        labels: { protect: 'true' },
        versions: [
          { id: 'abjpaymentsv00000001', createdAt: at(-24 * 90) },
          { id: 'abjpaymentsv00000002', createdAt: at(-24 * 60) },
          { id: 'abjpaymentsv00000003', createdAt: at(-24 * 30), status: 'SCHEDULED_FOR_DESTRUCTION', destroyAt: at(5) },
          { id: 'abjpaymentsv00000004', createdAt: at(-24 * 7), status: 'SCHEDULED_FOR_DESTRUCTION', destroyAt: at(72) },
          { id: 'abjpaymentsv00000005', createdAt: at(-24), primary: true },
        ],
      },
      {
        id: 'abjbackups0000000001',
        folderId: DEMO_FOLDER_ID,
        name: 'backups',
        defaultAlgorithm: 'AES_256_HSM',
        labels: { protect: 'true' },
        versions: [
          { id: 'abjbackupsv000000001', createdAt: at(-24 * 400), status: 'DESTROYED' },
          { id: 'abjbackupsv000000002', createdAt: at(-24 * 200), status: 'SCHEDULED_FOR_DESTRUCTION', destroyAt: at(26) },
          { id: 'abjbackupsv000000003', createdAt: at(-24 * 10), primary: true },
        ],
      },
      {
        id: 'abjscratch0000000001',
        folderId: DEMO_FOLDER_ID,
        name: 'scratch',
        defaultAlgorithm: 'AES_256',
        versions: [
          { id: 'abjscratchv000000001', createdAt: at(-48), status: 'SCHEDULED_FOR_DESTRUCTION', destroyAt: at(2) },
          { id: 'abjscratchv000000002', createdAt: at(-24), primary: true },
        ],
      },
    ],
  };
}
