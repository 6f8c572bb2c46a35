import { asGuardError, GuardError } from '../errors/guard-error.ts';
import { createLogger, type Logger } from '../log.ts';
import { writeMetrics } from '../metrics/monitoring.ts';
import { scrubberFor } from '../secrets.ts';
import { errorAnswer, type HttpAnswer, toHttpResult, toThrown, toWireValue } from './answers.ts';
import { type AuditItem, adaptAuditEvent, adaptLoggingBatch, isAuditEvent } from './audit-event.ts';
import { type EventKind, eventKind } from './event-kind.ts';
import { type HttpRequest, toHttpRequest } from './http-request.ts';
import { type Invocation, requestIdOf, startInvocation } from './invocation.ts';
import { adaptQueue, type QueueMessage } from './queue.ts';
import { adaptTimer, type TimerTrigger } from './timer.ts';
import { resolveToken } from './token.ts';

/** What a function does with each kind of event, each given an adapted input: no route reads a raw event. */
interface FunctionRoutes {
  http?: (request: HttpRequest, invocation: Invocation) => Promise<HttpAnswer>;
  direct?: (input: unknown, invocation: Invocation) => Promise<unknown>;
  timer?: (trigger: TimerTrigger, invocation: Invocation) => Promise<unknown>;
  queue?: (messages: QueueMessage[], invocation: Invocation) => Promise<unknown>;
  /** Audit Trails records: a Cloud Logging trigger's batch, or one bare event (EventRouter) as a direct call. */
  audit?: (items: AuditItem[], invocation: Invocation) => Promise<unknown>;
}

export type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

const TRIGGER_NAMES: Record<EventKind, string> = {
  http: 'HTTP',
  timer: 'timer trigger',
  queue: 'Message Queue trigger',
  logging: 'Cloud Logging trigger',
  direct: 'direct call',
};

/**
 * The one entry point of a function and the only code that knows the platform's shapes: it recognises
 * the event, adapts it for the matching route, and turns the route's result or failure into what the
 * platform expects (an HTTP result, a JSON value, or a thrown Error whose message starts with the code
 * name). Everything that leaves is scrubbed of the token; nothing escapes with a stack trace.
 */
export function createHandler(functionName: string, routes: FunctionRoutes): Handler {
  return async function handler(event: unknown, context?: unknown): Promise<unknown> {
    const kind = eventKind(event);
    const token = resolveToken(context, process.env.YC_IAM_TOKEN);
    const scrub = scrubberFor([token]);
    let invocation: Invocation | undefined;
    try {
      invocation = startInvocation({ functionName, trigger: kind, context, token, scrub });
      if (kind === 'http') return toHttpResult(await routeOf(routes.http, functionName, kind)(toHttpRequest(event), invocation), scrub);
      try {
        return toWireValue(await runRoute(routes, functionName, kind, event, invocation), scrub);
      } finally {
        // After the route has logged its result and before it answers or throws: figures are never lost to a failure.
        await writeMetrics(invocation);
      }
    } catch (caught) {
      const error = asGuardError(caught);
      const log = invocation?.log ?? createLogger({ functionName, requestId: requestIdOf(context), level: 'INFO', scrub });
      report(log, caught, error, kind);
      if (kind === 'http') return toHttpResult(errorAnswer(error), scrub);
      throw toThrown(error, scrub);
    }
  };
}

function runRoute(routes: FunctionRoutes, functionName: string, kind: EventKind, event: unknown, invocation: Invocation): Promise<unknown> {
  switch (kind) {
    case 'timer':
      return routeOf(routes.timer, functionName, kind)(adaptTimer(event), invocation);
    case 'queue':
      return routeOf(routes.queue, functionName, kind)(adaptQueue(event), invocation);
    case 'logging':
      return routeOf(routes.audit, functionName, kind)(adaptLoggingBatch(event), invocation);
    default:
      if (routes.audit && isAuditEvent(event)) return routes.audit([adaptAuditEvent('event', event)], invocation);
      return routeOf(routes.direct, functionName, kind)(event, invocation);
  }
}

function routeOf<T>(route: T | undefined, functionName: string, kind: EventKind): T {
  if (!route) throw new GuardError('INVALID_ARGUMENT', `${functionName} does not accept a ${TRIGGER_NAMES[kind]}`);
  return route;
}

function report(log: Logger, caught: unknown, error: GuardError, kind: EventKind): void {
  const fields = { code: error.code, status: error.httpStatus, trigger: kind };
  if (!(caught instanceof GuardError)) {
    // A bug of ours: keep what helps fix it in the log; the caller only sees "internal error".
    const bug = caught instanceof Error ? caught : new Error(String(caught));
    log.error('unexpected failure', { ...fields, error: bug.name, detail: bug.message, stack: bug.stack });
  } else if (error.httpStatus >= 500) {
    log.error(error.description, fields);
  } else {
    log.warn(error.description, fields);
  }
}
