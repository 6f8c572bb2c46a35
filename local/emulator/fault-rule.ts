// Checks a fault rule (from code or the admin API) and describes an applied one for the request log.
import * as z from 'zod/mini';
import { codeForHttpStatus, codeName, httpStatusForCode } from './grpc-status.ts';
import { formatPath } from './issue-path.ts';
import { type FaultRule, OPERATION_ROUTES, ROUTE_NAMES } from './types.ts';

const GrpcCode = z.int().check(z.gte(1), z.lte(16));

const FaultRuleSchema = z.strictObject({
  route: z.optional(z.enum([...ROUTE_NAMES, '*'])),
  keyId: z.optional(z.string().check(z.minLength(1))),
  resourceId: z.optional(z.string().check(z.minLength(1))),
  times: z.optional(z.int().check(z.gte(1))),
  probability: z.optional(z.number().check(z.gte(0), z.lte(1))),
  status: z.optional(z.int().check(z.gte(400), z.lte(599))),
  code: z.optional(GrpcCode),
  message: z.optional(z.string()),
  retryAfter: z.optional(z.string().check(z.minLength(1))),
  latencyMs: z.optional(z.number().check(z.gte(0), z.lte(600_000))),
  malformed: z.optional(z.enum(['json', 'shape'])),
  drop: z.optional(z.boolean()),
  dropAnswer: z.optional(z.boolean()),
  operationError: z.optional(z.strictObject({ code: GrpcCode, message: z.string() })),
});

export class FaultRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultRuleError';
  }
}

/** A copy of the rule, checked: it must do something, and nothing contradictory. */
export function checkFaultRule(raw: unknown, label = 'fault rule'): FaultRule {
  const result = FaultRuleSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? '?'] : issue.path;
    throw new FaultRuleError(`${label}: ${formatPath(path)}: ${issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message}`);
  }
  const rule: FaultRule = result.data;
  const answersError = rule.status !== undefined || rule.code !== undefined;
  const fail = (why: string): never => {
    throw new FaultRuleError(`${label}: ${why}`);
  };
  if (!answersError && !rule.drop && !rule.dropAnswer && !rule.malformed && !rule.operationError && rule.latencyMs === undefined) {
    fail('it does nothing: give status/code, latencyMs, malformed, drop, dropAnswer or operationError');
  }
  if (rule.drop && (answersError || rule.malformed || rule.operationError || rule.dropAnswer))
    fail('drop cannot be combined with an answer');
  if (rule.dropAnswer && (answersError || rule.malformed)) fail('dropAnswer cannot be combined with status/code or malformed');
  if (rule.malformed && (answersError || rule.operationError)) fail('malformed cannot be combined with status/code or operationError');
  if (rule.operationError && answersError) fail('operationError cannot be combined with status/code');
  if ((rule.message !== undefined || rule.retryAfter !== undefined) && !answersError) fail('message and retryAfter need status or code');
  if (rule.operationError && rule.route !== undefined && rule.route !== '*' && !OPERATION_ROUTES.includes(rule.route)) {
    fail(`operationError only applies to ${OPERATION_ROUTES.join(', ')}`);
  }
  return rule;
}

/** The HTTP status and gRPC code an error rule answers with. */
export function faultStatus(rule: FaultRule): { status: number; code: number } {
  const status = rule.status ?? httpStatusForCode(rule.code!);
  return { status, code: rule.code ?? codeForHttpStatus(status) };
}

/** "latency 200ms + status 503 (UNAVAILABLE)", as the request log shows it. */
export function describeFault(rule: FaultRule): string {
  const parts: string[] = [];
  if (rule.latencyMs !== undefined) parts.push(`latency ${rule.latencyMs}ms`);
  if (rule.drop) parts.push('drop');
  if (rule.dropAnswer) parts.push('drop answer');
  if (rule.status !== undefined || rule.code !== undefined) {
    const { status, code } = faultStatus(rule);
    parts.push(`status ${status} (${codeName(code)})`);
  }
  if (rule.malformed) parts.push(`malformed ${rule.malformed}`);
  if (rule.operationError) parts.push(`operationError ${codeName(rule.operationError.code)}`);
  return parts.join(' + ');
}
