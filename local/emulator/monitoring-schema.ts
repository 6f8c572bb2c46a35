// The body of Monitoring's MetricsData.Write, checked as the documented API checks it. Where the
// documentation gives no number, the limit here is a good guess and says so.
import * as z from 'zod/mini';
import { KmsError } from './grpc-status.ts';
import { formatPath } from './issue-path.ts';
import { parseTimestamp } from './time-format.ts';

const MAX_METRICS = 10_000;
const MAX_NAME_LENGTH = 198;
const MAX_LABELS_PER_METRIC = 16; // common labels and the metric's own, together
// Guesses: the documentation does not state these; they follow the limits Monitoring enforces in practice.
const LABEL_NAME = /^[a-zA-Z][0-9a-zA-Z_]{0,30}$/;
const MAX_LABEL_VALUE_LENGTH = 200;

const Labels = z.record(
  z.string().check(z.regex(LABEL_NAME, 'label names match [a-zA-Z][0-9a-zA-Z_]* and have at most 31 characters')),
  z
    .string({ error: 'label values must be strings' })
    .check(
      z.minLength(1, 'label values must not be empty'),
      z.maxLength(MAX_LABEL_VALUE_LENGTH, `label values have at most ${MAX_LABEL_VALUE_LENGTH} characters`),
    ),
  { error: 'must be an object of label names to string values' },
);

const TS_RULE = 'must be an RFC3339 timestamp such as 2026-01-01T00:00:00Z or epoch seconds';
const Ts = z.union(
  [
    z.string().check(z.refine((text) => parseTimestamp(text) !== undefined, TS_RULE)),
    z.number().check(z.gte(0, TS_RULE)), // epoch seconds
  ],
  { error: TS_RULE },
);

const Value = z.number({ error: 'must be a number' });

const Point = z.strictObject({ ts: Ts, value: Value });

const Metric = z.strictObject({
  name: z
    .string({ error: (issue) => (issue.input === undefined ? 'required field is missing' : 'must be a string') })
    .check(z.minLength(1, 'must not be empty'), z.maxLength(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)),
  labels: z.optional(Labels),
  type: z.optional(z.enum(['DGAUGE', 'IGAUGE', 'COUNTER', 'RATE'], { error: 'must be DGAUGE, IGAUGE, COUNTER or RATE' })),
  ts: z.optional(Ts),
  value: z.optional(Value),
  timeseries: z.optional(z.array(Point)),
});

const WriteBody = z.strictObject({
  ts: z.optional(Ts),
  labels: z.optional(Labels),
  metrics: z
    .array(Metric, { error: (issue) => (issue.input === undefined ? 'required field is missing' : 'must be a list') })
    .check(z.minLength(1, 'must not be empty'), z.maxLength(MAX_METRICS, `at most ${MAX_METRICS} metrics in one write`)),
});

type MetricsWriteBody = z.infer<typeof WriteBody>;

/** The checked body; throws INVALID_ARGUMENT naming the first bad field, e.g. metrics[2].labels. */
export function checkWriteBody(raw: Record<string, unknown>): MetricsWriteBody {
  const result = WriteBody.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') throw invalid([...issue.path, issue.keys[0] ?? '?'], 'unknown field');
    // A bad label name is reported on the name itself; name the labels map it sits in.
    if (issue.code === 'invalid_key') throw invalid(issue.path.slice(0, -1), `"${String(issue.path.at(-1))}": ${issue.issues[0]?.message}`);
    throw invalid(issue.path, issue.message);
  }
  const body = result.data;
  const commonLabels = Object.keys(body.labels ?? {});
  body.metrics.forEach((metric, index) => {
    const labelCount = new Set([...commonLabels, ...Object.keys(metric.labels ?? {})]).size;
    if (labelCount > MAX_LABELS_PER_METRIC) {
      throw invalid(
        ['metrics', index, 'labels'],
        `at most ${MAX_LABELS_PER_METRIC} labels per metric, common labels included (${labelCount})`,
      );
    }
    if ((metric.value === undefined) === (metric.timeseries === undefined)) {
      throw invalid(['metrics', index, 'value'], 'give either value or timeseries');
    }
    if (metric.type === 'IGAUGE') {
      if (metric.value !== undefined && !Number.isInteger(metric.value))
        throw invalid(['metrics', index, 'value'], 'an IGAUGE value must be an integer');
      const point = metric.timeseries?.findIndex((p) => !Number.isInteger(p.value)) ?? -1;
      if (point >= 0) throw invalid(['metrics', index, 'timeseries', point, 'value'], 'an IGAUGE value must be an integer');
    }
  });
  return body;
}

function invalid(path: readonly PropertyKey[], description: string): KmsError {
  return KmsError.invalidField(formatPath(path), description);
}
