// The KMS emulator: the Yandex Cloud KMS REST API (symmetric keys, their versions and operations), the
// Operation service, Resource Manager's cloud and folder lists and Monitoring's metric writes, in memory,
// with a controllable clock, fault injection, a request log and Audit Trails events.

export type { AuditEvent, AuditEventStatus, AuditLogEntry, AuditLogLevel } from './audit-types.ts';
export { ConfigError } from './config.ts';
export { startEmulator } from './emulator.ts';
export { FaultRuleError } from './fault-rule.ts';
export { type GenerateSeedOptions, generateSeed } from './generate-seed.ts';
export type { MetricsWrite } from './metrics-store.ts';
export { DEFAULT_CLOUD_ID, DEFAULT_ORGANIZATION_ID } from './seed-clouds.ts';
export { loadSeedFile, parseSeed } from './seed-file.ts';
export { DEFAULT_FOLDER_ID } from './seed-normalize.ts';
export { SeedError } from './seed-schema.ts';
export { DEFAULT_SUBJECT, type Subject, SubjectError, type SubjectInput, type SubjectType } from './subjects.ts';
export type {
  CancelRefusal,
  Emulator,
  EmulatorClock,
  EmulatorConfig,
  EmulatorOptions,
  FaultRule,
  FolderStatus,
  KeyStatus,
  RequestLogEntry,
  RouteName,
  SeedCloudInput,
  SeedData,
  SeedFolderInput,
  SeedKey,
  SeedKeyInput,
  SeedVersion,
  SeedVersionInput,
  SymmetricAlgorithm,
  VersionStatus,
} from './types.ts';
