import * as z from 'zod/mini';
import type { Invocation } from '../edge/invocation.ts';
import { asGuardError } from '../errors/guard-error.ts';
import { joinUrl } from '../http/url.ts';

const WriteAnswer = z.looseObject({
  writtenMetricsCount: z.optional(z.union([z.number(), z.string()])),
  errorMessage: z.optional(z.string()),
});

/**
 * Writes the invocation's figures to Yandex Monitoring (custom metrics of MONITORING_FOLDER_ID), labelled
 * with the function and the trigger, all at one timestamp, in one request (retried like any other within
 * the deadline). A write that fails, or finds no time left, is a WARN line: it never fails the invocation
 * and never hides its result.
 */
export async function writeMetrics(invocation: Invocation): Promise<void> {
  const { config, log } = invocation;
  const points = invocation.metrics.list();
  if (!config.monitoringFolderId || points.length === 0) return;
  const labels = { function: invocation.functionName, trigger: invocation.trigger };
  const url = joinUrl(config.monitoringEndpoint, '/monitoring/v2/data/write', {
    folderId: config.monitoringFolderId,
    service: 'custom',
  });
  try {
    await invocation.api.call({
      service: 'Monitoring',
      what: 'MetricsData.Write',
      method: 'POST',
      url,
      schema: WriteAnswer,
      body: { ts: new Date().toISOString(), metrics: points.map((point) => ({ ...point, labels })) },
    });
  } catch (caught) {
    const error = asGuardError(caught);
    log.warn('metrics not written to Monitoring: alerts on them will see no data for this run', {
      code: error.code,
      reason: error.description,
      metrics: points.length,
    });
  }
}
