import { asGuardError, GuardError } from '../errors/guard-error.ts';
import { type HttpRequest, toHttpRequest } from '../events/http-request.ts';
import { type EventKind, eventKind } from '../events/kind.ts';
import { errorResult, type HttpResult } from '../http/responses.ts';
import { createLogger, type Logger } from '../log.ts';
import { type Invocation, startInvocation } from './invocation.ts';

export interface FunctionRoutes {
  http?: (request: HttpRequest, invocation: Invocation) => Promise<HttpResult>;
  direct?: (input: unknown, invocation: Invocation) => Promise<unknown>;
  timer?: (event: Record<string, unknown>, invocation: Invocation) => Promise<unknown>;
  queue?: (event: Record<string, unknown>, invocation: Invocation) => Promise<unknown>;
}

export type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

const TRIGGER_NAMES: Record<EventKind, string> = {
  http: 'HTTP',
  timer: 'timer trigger',
  queue: 'Message Queue trigger',
  direct: 'direct call',
};

/**
 * The one entry point of a function: recognises the event, runs the matching route, and turns every
 * failure into the contract's shape (an HTTP error answer, or a thrown Error whose message starts with
 * the code name). Nothing escapes with a stack trace.
 */
export function createHandler(functionName: string, routes: FunctionRoutes): Handler {
  return async function handler(event: unknown, context?: unknown): Promise<unknown> {
    const kind = eventKind(event);
    let log: Logger | undefined;
    try {
      const invocation = startInvocation(functionName, context);
      log = invocation.log;
      const route = routes[kind];
      if (!route) {
        throw new GuardError('INVALID_ARGUMENT', `${functionName} does not accept a ${TRIGGER_NAMES[kind]}`);
      }
      if (kind === 'http') return await routes.http!(toHttpRequest(event as Record<string, unknown>), invocation);
      return await (route as (e: unknown, i: Invocation) => Promise<unknown>)(event, invocation);
    } catch (caught) {
      const error = asGuardError(caught);
      log ??= createLogger({ functionName, requestId: requestIdOf(context), level: 'INFO' });
      report(log, caught, error, kind);
      if (kind === 'http') return errorResult(error);
      throw withoutStack(error);
    }
  };
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

/** The platform shows a thrown error's stack to the caller; ours carries only its message. */
function withoutStack(error: GuardError): GuardError {
  error.stack = `${error.name}: ${error.message}`;
  return error;
}

function requestIdOf(context: unknown): string {
  const id = (context as { requestId?: unknown } | undefined)?.requestId;
  return typeof id === 'string' ? id : 'local';
}
