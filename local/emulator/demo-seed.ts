// The keys `npm start`, `npm run invoke` and the command line emulator start with when given no seed:
// a few readable keys to try things on, in one organization of two clouds. The sample events in
// test/events/ name these IDs.
import { DEFAULT_SUBJECT } from './subjects.ts';
import type { SeedCloudInput, SeedData } from './types.ts';

const HOUR = 3_600_000;
export const DEMO_ORGANIZATION_ID = 'bpfdemoorg0000000001';
export const DEMO_FOLDER_ID = 'b1gdemofolder0000001';
/** A subject that scheduled a demo destruction: ListOperations and the demo state name it. */
const DEMO_OPS_ROBOT_ID = 'ajeopsrobot000000001';

const DEMO_CLOUDS: SeedCloudInput[] = [
  {
    id: 'b1gdemocloud00000001',
    organizationId: DEMO_ORGANIZATION_ID,
    name: 'demo-production',
    labels: { env: 'prod' },
    folders: [
      { id: DEMO_FOLDER_ID, name: 'payments', labels: { team: 'payments' } },
      { id: 'b1gdemofolder0000002', name: 'backups' },
      { id: 'b1gdemofolder0000003', name: 'legacy', description: 'being retired', status: 'PENDING_DELETION' },
    ],
  },
  {
    id: 'b1gdemocloud00000002',
    organizationId: DEMO_ORGANIZATION_ID,
    name: 'demo-sandbox',
    labels: { env: 'dev' },
    folders: [
      { id: 'b1gdemofolder0000004', name: 'scratch' },
      { id: 'b1gdemofolder0000005', name: 'experiments', status: 'DELETING' },
    ],
  },
];

export function demoSeed(now: Date = new Date()): SeedData {
  const at = (hours: number) => new Date(now.getTime() + hours * HOUR).toISOString();
  // Two keys carry the label a folder sweep can filter on (PROTECT_LABEL=protect=true); each key has a
  // version scheduled for destruction hours to days from now, two of them by a known subject. The two
  // labelled keys have deletion protection on; scratch has it off (what the deletion defense is about).
  return {
    clouds: structuredClone(DEMO_CLOUDS),
    keys: [
      {
        id: 'abjpayments000000001',
        folderId: DEMO_FOLDER_ID,
        name: 'payments',
        defaultAlgorithm: 'AES_256',
        labels: { protect: 'true' },
        deletionProtection: true,
        versions: [
          { id: 'abjpaymentsv00000001', createdAt: at(-24 * 90) },
          { id: 'abjpaymentsv00000002', createdAt: at(-24 * 60) },
          {
            id: 'abjpaymentsv00000003',
            createdAt: at(-24 * 30),
            status: 'SCHEDULED_FOR_DESTRUCTION',
            destroyAt: at(5),
            scheduledBy: DEMO_OPS_ROBOT_ID,
          },
          { id: 'abjpaymentsv00000004', createdAt: at(-24 * 7), status: 'SCHEDULED_FOR_DESTRUCTION', destroyAt: at(72) },
          { id: 'abjpaymentsv00000005', createdAt: at(-24), primary: true },
        ],
      },
      {
        id: 'abjbackups0000000001',
        folderId: 'b1gdemofolder0000002',
        name: 'backups',
        defaultAlgorithm: 'AES_256_HSM',
        labels: { protect: 'true' },
        deletionProtection: true,
        versions: [
          { id: 'abjbackupsv000000001', createdAt: at(-24 * 400), status: 'DESTROYED' },
          { id: 'abjbackupsv000000002', createdAt: at(-24 * 200), status: 'SCHEDULED_FOR_DESTRUCTION', destroyAt: at(26) },
          { id: 'abjbackupsv000000003', createdAt: at(-24 * 10), primary: true },
        ],
      },
      {
        id: 'abjscratch0000000001',
        folderId: 'b1gdemofolder0000004',
        name: 'scratch',
        defaultAlgorithm: 'AES_256',
        versions: [
          {
            id: 'abjscratchv000000001',
            createdAt: at(-48),
            status: 'SCHEDULED_FOR_DESTRUCTION',
            destroyAt: at(2),
            scheduledBy: DEFAULT_SUBJECT.id,
          },
          { id: 'abjscratchv000000002', createdAt: at(-24), primary: true },
        ],
      },
    ],
  };
}
