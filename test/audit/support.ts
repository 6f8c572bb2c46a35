// What the real-time guard's tests share: a seed of clouds, folders and keys; destructions scheduled over the
// emulator's REST API, as a person or a pipeline would; their Audit Trails records handed to the cancel
// function as the platform hands them (a Cloud Logging batch, or a bare EventRouter event).
import { after, before, beforeEach } from 'node:test';
import { handler } from '../../functions/cancel-version-destruction/index.ts';
import type { AuditLogEntry, Emulator, SeedData } from '../../local/emulator/index.ts';
import { type LogEntry, loggingBatchEvent } from '../../local/host/index.ts';
import { captureOutput, records } from '../support/capture.ts';
import { camelCased } from '../support/casing.ts';
import { invocationContext } from '../support/events.ts';
import { changeOverHttp, cleanEnv, setEnv, startKms, TEST_TOKEN } from '../support/kms.ts';
import { keyWith } from '../support/seed.ts';

export { camelCased };

export const SCHEDULE_EVENT = 'yandex.cloud.audit.kms.ScheduleSymmetricKeyVersionDestruction';

export const CLOUD_A = 'b1gauditcloud0000001';
export const CLOUD_B = 'b1gauditcloud0000002';
export const FOLDER_A1 = 'b1gauditfolder000001';
export const FOLDER_A2 = 'b1gauditfolder000002';
const FOLDER_B1 = 'b1gauditfolder000003';
/** In FOLDER_A1 (cloud A), labelled protect=true. */
export const KEY_A = 'abjauditkeya00000001';
/** In FOLDER_A2 (cloud A), no labels. */
export const KEY_B = 'abjauditkeyb00000001';
/** In FOLDER_B1 (cloud B), labelled protect=true. */
export const KEY_C = 'abjauditkeyc00000001';

/** Who TEST_TOKEN belongs to, in these tests: a person, as Audit Trails names one. */
export const ALICE = { id: 'ajealiceaudit0000001', name: 'alice', type: 'FEDERATED_USER_ACCOUNT' as const };
export const USER_AGENT = 'audit-guard-test/1.0';

/** Versions: `${key}p` (primary), `${key}a1`..`a3` ACTIVE, `${key}d1` DESTROYED; the keys in `protectedKeys` have deletion protection. */
export function auditSeed(labels: Partial<Record<string, Record<string, string>>> = {}, protectedKeys: string[] = []): SeedData {
  return {
    clouds: [
      {
        id: CLOUD_A,
        name: 'audit-production',
        folders: [
          { id: FOLDER_A1, name: 'payments' },
          { id: FOLDER_A2, name: 'backups' },
        ],
      },
      { id: CLOUD_B, name: 'audit-sandbox', folders: [{ id: FOLDER_B1, name: 'scratch' }] },
    ],
    keys: [
      keyWith(KEY_A, {
        active: 3,
        destroyed: 1,
        folderId: FOLDER_A1,
        labels: { protect: 'true', ...labels[KEY_A] },
        deletionProtection: protectedKeys.includes(KEY_A),
      }),
      keyWith(KEY_B, {
        active: 3,
        destroyed: 1,
        folderId: FOLDER_A2,
        labels: { ...labels[KEY_B] },
        deletionProtection: protectedKeys.includes(KEY_B),
      }),
      keyWith(KEY_C, {
        active: 3,
        destroyed: 1,
        folderId: FOLDER_B1,
        labels: { protect: 'true', ...labels[KEY_C] },
        deletionProtection: protectedKeys.includes(KEY_C),
      }),
    ],
  };
}

/** Every variable the guard reads, unset, with the endpoints on the emulator: each test sets what it means to. */
export function guardEnv(kms: Emulator, vars: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return cleanEnv(kms, { KMS_MAX_ATTEMPTS: '2', LOG_LEVEL: 'DEBUG', ...vars });
}

/**
 * Schedules a version's destruction over the emulator's REST API with TEST_TOKEN (whoever the emulator's
 * subjects say it is) and returns the audit records the request left, STARTED then DONE.
 */
export function scheduleOnKms(kms: Emulator, keyId: string, versionId: string): Promise<AuditLogEntry[]> {
  return changeOverHttp(kms, 'scheduleVersionDestruction', keyId, versionId, { userAgent: USER_AGENT });
}

/** The DONE record of a schedule (the one the guard acts on). */
export function doneOf(entries: readonly AuditLogEntry[]): AuditLogEntry {
  const done = entries.find((entry) => entry.json_payload.event_status === 'DONE');
  if (!done) throw new Error(`no DONE record among ${entries.map((e) => e.json_payload.event_status).join(', ')}`);
  return done;
}

/** A Cloud Logging trigger's batch of these entries, as the platform delivers it. */
export function batchOf(...entries: unknown[]): ReturnType<typeof loggingBatchEvent> {
  return loggingBatchEvent(entries as LogEntry[]);
}

/** An entry whose payload is in camelCase; the entry's own fields stay as the log group writes them. */
export function camelEntry(entry: AuditLogEntry): LogEntry {
  return { ...entry, json_payload: camelCased(entry.json_payload) };
}

/** A copy of an entry with `change` applied to a deep copy of its payload. */
export function alteredEntry(entry: AuditLogEntry, change: (payload: Record<string, any>) => void): AuditLogEntry {
  const copy = structuredClone(entry);
  change(copy.json_payload as unknown as Record<string, any>);
  return copy;
}

export interface AuditResultView {
  keyId: string;
  versionId: string;
  outcome: string;
  scheduledBy?: Record<string, string>;
  approval?: { rule: string; subjectId?: string; label?: string };
  error?: { code: number; message: string };
  version?: { status: string };
}

export interface KeyResultView {
  keyId: string;
  keyName?: string;
  folderId?: string;
  cloudId?: string;
  change?: string;
  outcome: string;
  operation?: any;
  changedBy?: Record<string, string>;
  approval?: { rule: string; subjectId?: string; label?: string };
  error?: { code: number; message: string };
  restorableUntil?: string;
}

export interface AuditAnswerView {
  results: AuditResultView[];
  keyResults: KeyResultView[];
  keySummary: Record<string, number>;
  ignored: number;
  poison: number;
  summary: { cancelled: number; pending: number; alreadyActive: number; approved: number; failed: number; wouldCancel: number };
}

export interface GuardRun {
  answer: AuditAnswerView;
  error?: Error;
  lines: string[];
  logs: Array<Record<string, any>>;
}

/** Calls the cancel function as the platform does, with the function's token in the context; keeps its log. */
export async function invokeGuard(event: unknown, remainingMs = 30_000): Promise<GuardRun> {
  const run = await captureOutput(() => handler(event, invocationContext({ token: TEST_TOKEN, remainingMs })));
  return { answer: run.value as AuditAnswerView, error: run.error as Error | undefined, lines: run.lines, logs: records(run.lines) };
}

export const NO_OUTCOMES = { cancelled: 0, pending: 0, alreadyActive: 0, approved: 0, failed: 0, wouldCancel: 0 };
export const NO_KEY_OUTCOMES = { protected: 0, alreadyProtected: 0, pending: 0, failed: 0, approved: 0, wouldProtect: 0, deleted: 0 };
/** What an audit answer says of keys when no key was created, updated or deleted. */
export const NO_KEY_CHANGES = { keyResults: [], keySummary: NO_KEY_OUTCOMES };

/** The KMS requests of the last call, as `route keyId` (the emulator's request log). */
export function kmsCalls(kms: Emulator): string[] {
  return kms.requests.map((request) => `${request.route ?? request.path} ${request.keyId ?? ''}`.trim());
}

/**
 * The hooks of a file of guard tests: one emulator for the file (TEST_TOKEN is Alice's), and before each
 * test the audit seed, no faults, no audit records and a clean environment.
 */
export function useAuditEmulator(started: (kms: Emulator) => void, seed: () => SeedData = () => auditSeed()): void {
  let kms: Emulator;
  let restoreEnv: () => void;
  before(async () => {
    kms = await startKms({ subjects: { [TEST_TOKEN]: ALICE } });
    started(kms);
    restoreEnv = setEnv(guardEnv(kms));
  });
  beforeEach(() => {
    setEnv(guardEnv(kms));
    kms.clock.set(new Date());
    kms.seed(seed());
    kms.faults.clear();
    kms.audit.clear();
  });
  after(async () => {
    restoreEnv();
    await kms.close();
  });
}
