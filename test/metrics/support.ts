// Shared by the Monitoring metrics tests: an emulator that takes one recognisable token, a handler run that
// collects its logs, and the one write a run leaves, checked for its envelope and read back as figures.
import assert from 'node:assert/strict';
import type { Emulator, MetricsWrite } from '../../local/emulator/index.ts';
import type { Handler } from '../../shared/edge/create-handler.ts';
import { captureOutput, records } from '../support/capture.ts';
import { invocationContext } from '../support/events.ts';
import { changeOverHttp, cleanEnv, requestsOf, startKms } from '../support/kms.ts';

/** Recognisable in any text: a metric, a log line or a request body that holds it has leaked it. */
export const CANARY_TOKEN = 't1.metricsCANARYtoken-5d1e9b07c3a8f246';
const MONITORING_FOLDER = 'b1gmetricsfolder0001';
export const HOUR_MS = 3_600_000;

/** Each metric's type, as the table of docs/metrics.md gives it. */
const METRIC_TYPES: Record<string, 'DGAUGE' | 'IGAUGE'> = {
  kms_guard_versions_scheduled: 'DGAUGE',
  kms_guard_hours_to_next_destruction: 'DGAUGE',
  kms_guard_keys_unread: 'IGAUGE',
  kms_guard_sweep_complete: 'IGAUGE',
  kms_guard_sweep_duration_ms: 'DGAUGE',
  kms_guard_cancelled: 'IGAUGE',
  kms_guard_already_active: 'IGAUGE',
  kms_guard_pending: 'IGAUGE',
  kms_guard_approved: 'IGAUGE',
  kms_guard_cancel_failed: 'IGAUGE',
  kms_guard_dry_run: 'IGAUGE',
  kms_guard_unprotected_keys: 'IGAUGE',
  kms_guard_protection_enabled: 'IGAUGE',
  kms_guard_protection_failed: 'IGAUGE',
  kms_guard_keys_deleted: 'IGAUGE',
};

export function startMetricsKms(options: Parameters<typeof startKms>[0] = {}): Promise<Emulator> {
  return startKms({ tokens: [CANARY_TOKEN], ...options });
}

/** The environment every metrics test starts from: KMS and Monitoring on the emulator, no scope, no approvals. */
export function baseEnv(kms: Emulator): Record<string, string | undefined> {
  return cleanEnv(kms, { MONITORING_FOLDER_ID: MONITORING_FOLDER, LOG_LEVEL: 'INFO', KMS_MAX_ATTEMPTS: '1' });
}

export interface Run {
  value?: any;
  error?: Error;
  logs: Array<Record<string, any>>;
  lines: string[];
  elapsedMs: number;
}

/** Invokes a handler as the platform does, with the canary token in its context. */
export async function invoke(handler: Handler, event: unknown, remainingMs = 30_000): Promise<Run> {
  const started = Date.now();
  const run = await captureOutput(() => handler(event, invocationContext({ token: CANARY_TOKEN, remainingMs })));
  return {
    value: run.value,
    error: run.error as Error | undefined,
    logs: records(run.lines),
    lines: run.lines,
    elapsedMs: Date.now() - started,
  };
}

export interface Figure {
  type: string;
  value: number;
}

/**
 * The one write the emulator holds, checked: to MONITORING_FOLDER, service custom, one timestamp for
 * all (near now), every metric labelled exactly with the function and the trigger. Returns name → figure.
 */
export function theWrite(kms: Emulator, labels: { function: string; trigger: string }): Record<string, Figure> {
  const writes: MetricsWrite[] = kms.metrics.writes();
  assert.equal(writes.length, 1, `one write per invocation, got ${writes.length}`);
  const write = writes[0]!;
  assert.equal(write.folderId, MONITORING_FOLDER);
  assert.equal(write.service, 'custom');
  const body = write.body as { ts?: unknown; metrics: Array<Record<string, unknown>> };
  assert.deepEqual(Object.keys(body).sort(), ['metrics', 'ts'], 'one timestamp for the write, no common fields besides');
  assert.equal(typeof body.ts, 'string');
  assert.ok(Math.abs(Date.parse(body.ts as string) - Date.now()) < 60_000, `timestamp ${body.ts} is now`);
  const figures: Record<string, Figure> = {};
  for (const metric of body.metrics) {
    assert.deepEqual(Object.keys(metric).sort(), ['labels', 'name', 'type', 'value'], 'no metric carries its own timestamp');
    assert.deepEqual(metric.labels, labels, `labels of ${metric.name}`);
    const name = metric.name as string;
    assert.equal(figures[name], undefined, `${name} written once`);
    assert.equal(metric.type, METRIC_TYPES[name], `type of ${name}`);
    figures[name] = { type: metric.type as string, value: metric.value as number };
  }
  return figures;
}

/** name → value, for an exact comparison of the whole write. */
export function valuesOf(figures: Record<string, Figure>): Record<string, number> {
  return Object.fromEntries(Object.entries(figures).map(([name, figure]) => [name, figure.value]));
}

/** Monitoring write requests the emulator saw (accepted or not). */
export function monitoringRequests(kms: Emulator) {
  return requestsOf(kms, 'monitoringWrite');
}

/** Schedules a version's destruction through the emulator's KMS API, as a user would; the audit log records it. */
export async function scheduleOverHttp(kms: Emulator, token: string, keyId: string, versionId: string): Promise<void> {
  await changeOverHttp(kms, 'scheduleVersionDestruction', keyId, versionId, { token });
}

export async function cancelOverHttp(kms: Emulator, token: string, keyId: string, versionId: string): Promise<void> {
  await changeOverHttp(kms, 'cancelVersionDestruction', keyId, versionId, { token });
}
