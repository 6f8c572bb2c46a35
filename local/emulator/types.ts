// The emulator's public types: the seed format, fault rules, the request log and the Emulator handle.
import type { AuditLogEntry } from './audit-types.ts';
import type { MetricsWrite } from './metrics-store.ts';
import type { Subject, SubjectInput } from './subjects.ts';

export type RouteName =
  | 'get'
  | 'list'
  | 'create'
  | 'update'
  | 'delete'
  | 'listVersions'
  | 'listOperations'
  | 'rotate'
  | 'scheduleVersionDestruction'
  | 'cancelVersionDestruction'
  | 'getOperation'
  | 'listClouds'
  | 'listFolders'
  | 'monitoringWrite';

export const ROUTE_NAMES: readonly RouteName[] = [
  'get',
  'list',
  'create',
  'update',
  'delete',
  'listVersions',
  'listOperations',
  'rotate',
  'scheduleVersionDestruction',
  'cancelVersionDestruction',
  'getOperation',
  'listClouds',
  'listFolders',
  'monitoringWrite',
];

/** The routes whose answer is an Operation (the only ones `operationError` applies to). */
export const OPERATION_ROUTES: readonly RouteName[] = [
  'create',
  'update',
  'delete',
  'rotate',
  'scheduleVersionDestruction',
  'cancelVersionDestruction',
];

export type VersionStatus = 'ACTIVE' | 'SCHEDULED_FOR_DESTRUCTION' | 'DESTROYED';
export type KeyStatus = 'CREATING' | 'ACTIVE' | 'INACTIVE';
export type SymmetricAlgorithm = 'AES_128' | 'AES_192' | 'AES_256' | 'AES_256_HSM' | 'GOST_R_3412_2015_K';
export type CancelRefusal = 'sync' | 'operation';

/** A key version with every field filled in (what the emulator holds and reports). */
export interface SeedVersion {
  id: string;
  status: VersionStatus;
  algorithm: SymmetricAlgorithm;
  createdAt: string;
  primary: boolean;
  /** Present exactly when status is SCHEDULED_FOR_DESTRUCTION. */
  destroyAt?: string;
  hostedByHsm: boolean;
  /** The subject whose request scheduled the destruction, when known (only while SCHEDULED_FOR_DESTRUCTION). */
  scheduledBy?: string;
}

/** A key with every field filled in (what the emulator holds and reports). */
export interface SeedKey {
  id: string;
  folderId: string;
  name: string;
  description: string;
  labels: Record<string, string>;
  status: KeyStatus;
  defaultAlgorithm: SymmetricAlgorithm;
  createdAt: string;
  rotatedAt?: string;
  rotationPeriod?: string;
  deletionProtection: boolean;
  /** Every request about this key answers 403 PERMISSION_DENIED. */
  accessDenied: boolean;
  versions: SeedVersion[];
}

/** A version as a seed may give it: only `id` is required. */
export interface SeedVersionInput {
  id: string;
  status?: VersionStatus;
  algorithm?: SymmetricAlgorithm;
  createdAt?: string;
  primary?: boolean;
  destroyAt?: string;
  hostedByHsm?: boolean;
  /**
   * Subject ID of who scheduled the destruction (only with SCHEDULED_FOR_DESTRUCTION): seeding records a
   * finished schedule operation by that subject in the key's history, so ListOperations shows it.
   */
  scheduledBy?: string;
}

/** A key as a seed may give it: only `id` is required. */
export interface SeedKeyInput {
  id: string;
  folderId?: string;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  status?: KeyStatus;
  defaultAlgorithm?: SymmetricAlgorithm;
  createdAt?: string;
  rotatedAt?: string;
  rotationPeriod?: string;
  deletionProtection?: boolean;
  accessDenied?: boolean;
  versions?: SeedVersionInput[];
}

export type FolderStatus = 'ACTIVE' | 'DELETING' | 'PENDING_DELETION';

/** A folder of a seeded cloud: only `id` is required. KMS keys point at folders by folderId. */
export interface SeedFolderInput {
  id: string;
  name?: string;
  description?: string;
  status?: FolderStatus;
  labels?: Record<string, string>;
  createdAt?: string;
  /** ListFolders still shows it; KMS List of its keys answers 403 PERMISSION_DENIED. */
  accessDenied?: boolean;
}

/** A Resource Manager cloud as a seed may give it: only `id` is required. */
export interface SeedCloudInput {
  id: string;
  organizationId?: string;
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  createdAt?: string;
  /** Hidden from ListClouds; ListFolders of it and KMS List of its folders answer 403 PERMISSION_DENIED. */
  accessDenied?: boolean;
  folders?: SeedFolderInput[];
}

export interface SeedData {
  keys: SeedKeyInput[];
  /** Resource Manager clouds and their folders; optional, keys may name folders no cloud holds. */
  clouds?: SeedCloudInput[];
}

export interface FaultRule {
  route?: RouteName | '*';
  /** Only requests about this key (its operations' polls too). */
  keyId?: string;
  /**
   * Only requests about this resource or anything under it: a key, folder, cloud or organization ID
   * (a cloud's ID matches its folders' keys, the ListFolders of it and monitoring writes to its folders).
   */
  resourceId?: string;
  times?: number;
  probability?: number;
  status?: number;
  code?: number;
  message?: string;
  retryAfter?: string;
  latencyMs?: number;
  malformed?: 'json' | 'shape';
  drop?: boolean;
  /** The request takes effect, then the connection is dropped without an answer: a lost answer. */
  dropAnswer?: boolean;
  operationError?: { code: number; message: string };
}

export interface RequestLogEntry {
  /** Emulator clock time when the request arrived. */
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  route?: RouteName;
  keyId?: string;
  body?: unknown;
  /** 0 when the connection was dropped (or the answer is still pending). */
  status: number;
  fault?: string;
  authorized: boolean;
}

export interface EmulatorConfig {
  operationPolls: number;
  cancelRefusal: CancelRefusal;
}

export interface EmulatorOptions {
  /** Serve HTTPS with this certificate (PEM) instead of plain HTTP, to test a client's TLS path. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  host?: string;
  port?: number;
  tokens?: string[];
  seed?: SeedData;
  /** Who each token belongs to; any other accepted token is DEFAULT_SUBJECT. */
  subjects?: Record<string, SubjectInput>;
  operationPolls?: number;
  cancelRefusal?: CancelRefusal;
  faultSeed?: number;
  logRequests?: boolean;
}

export interface EmulatorClock {
  now(): Date;
  set(time: Date | string): void;
  advance(ms: number): void;
}

export interface Emulator {
  url: string;
  port: number;
  clock: EmulatorClock;
  faults: { add(rule: FaultRule | FaultRule[]): void; clear(): void; list(): FaultRule[] };
  requests: RequestLogEntry[];
  /** KMS requests being served right now, and the most at once since the last clearRequests(). */
  concurrency: { inFlight: number; peak: number };
  /** Empties the request log and resets the concurrency peak. */
  clearRequests(): void;
  configure(opts: Partial<EmulatorConfig>): void;
  /** Who a token belongs to (operations' createdBy, audit events); add() merges into the map. */
  subjects: {
    add(subjects: Record<string, SubjectInput>): void;
    clear(): void;
    resolve(token: string): Subject;
    /** The map, tokens masked. */
    list(): Array<Subject & { maskedToken: string }>;
  };
  /** Audit Trails events of schedule and cancel requests, as a Cloud Logging log group holds them. */
  audit: {
    entries(): AuditLogEntry[];
    /** The listener is called synchronously as each record is made; the returned function unsubscribes. */
    subscribe(listener: (entry: AuditLogEntry) => void): () => void;
    clear(): void;
  };
  /** Every accepted Monitoring write, oldest first. */
  metrics: { writes(): MetricsWrite[]; clear(): void };
  seed(data: SeedData): void;
  key(keyId: string): SeedKey | undefined;
  version(keyId: string, versionId: string): SeedVersion | undefined;
  /** A key deleted through the API (absent from every API answer), with when support can no longer restore it. */
  deletedKey(keyId: string): DeletedKeyState | undefined;
  /** Support's restore within 72 hours of the deletion: the key comes back as it was; RestoreError otherwise. */
  restoreKey(keyId: string): SeedKey;
  close(): Promise<void>;
}

export interface DeletedKeyState {
  key: SeedKey;
  deletedAt: string;
  restorableUntil: string;
}
