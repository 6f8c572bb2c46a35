// One API request (KMS, Operation, Resource Manager, Monitoring) from arrival to answer: route, log,
// fault, authenticate, handle.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readText } from '../read-body.ts';
import type { ApiContext, ApiRequest } from './api-context.ts';
import { handleApiRequest } from './api-handlers.ts';
import { authenticate } from './auth.ts';
import { callerOf } from './caller.ts';
import type { FaultInjector } from './fault-injector.ts';
import { describeFault, faultStatus } from './fault-rule.ts';
import { Code, KmsError, statusBody } from './grpc-status.ts';
import { sendJson, sendText } from './http-io.ts';
import { malformedBody } from './malformed-bodies.ts';
import { type ParsedBody, parseBody } from './request-fields.ts';
import type { RequestLog } from './request-log.ts';
import { requestScope } from './request-scope.ts';
import { matchRoute } from './router.ts';
import type { SubjectDirectory } from './subjects.ts';
import { formatTimestamp } from './time-format.ts';
import type { FaultRule, RouteName } from './types.ts';

/** The largest body a route takes; routes missing here take none. */
const BODY_LIMIT_BYTES: Partial<Record<RouteName, number>> = {
  create: 1024 * 1024,
  update: 1024 * 1024,
  scheduleVersionDestruction: 1024 * 1024,
  cancelVersionDestruction: 1024 * 1024,
  // Up to 10,000 metrics with labels; the service's own limit is not documented.
  monitoringWrite: 16 * 1024 * 1024,
};

export interface PipelineDeps {
  ctx: ApiContext;
  faults: FaultInjector;
  log: RequestLog;
  tokens: ReadonlySet<string> | undefined;
  subjects: SubjectDirectory;
  /** Waits in real time; never resolves once the emulator is closing. */
  sleep: (ms: number) => Promise<void>;
}

export async function serveApiRequest(deps: PipelineDeps, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  const requestId = randomUUID();
  const entry = deps.log.start({
    time: formatTimestamp(deps.ctx.nowMs()),
    method: request.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    status: 0,
    authorized: false,
  });
  const auth = authenticate(request.headers.authorization, deps.tokens);
  entry.authorized = auth.error === undefined;
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    entry.status = status;
    sendJson(response, status, body, { 'x-request-id': requestId, ...headers });
  };
  const answerError = (error: KmsError, headers: Record<string, string> = {}) =>
    answer(error.httpStatus, statusBody(error.code, error.message, requestId, error.fieldViolations), headers);

  const match = matchRoute(entry.method, url.pathname);
  if (match.kind === 'bad-encoding') return answerError(KmsError.invalidField('path', 'is not valid percent-encoding'));
  if (match.kind === 'unknown') {
    return answerError(new KmsError(Code.NOT_FOUND, `Not Found: ${entry.method} ${url.pathname} is not a route the emulator serves`));
  }
  if (match.kind === 'wrong-method') {
    // grpc-gateway's answer to a known path with another method: HTTP 405 with code 12 (UNIMPLEMENTED).
    const error = new KmsError(Code.UNIMPLEMENTED, `Method Not Allowed: ${url.pathname} accepts ${match.allow}`, { httpStatus: 405 });
    return answerError(error, { allow: match.allow });
  }

  const { route, pathId } = match;
  entry.route = route;
  const scope = requestScope(deps.ctx, route, pathId, url.searchParams);
  if (scope.keyId !== undefined) entry.keyId = scope.keyId;
  const body = await readRequestBody(request, route);
  if (body.logged !== undefined) entry.body = body.logged;

  const fault = deps.faults.take(route, scope);
  if (fault) {
    entry.fault = describeFault(fault);
    if (fault.latencyMs) await deps.sleep(fault.latencyMs);
    if (fault.drop) {
      entry.status = 0;
      request.socket.destroy();
      return;
    }
    if (fault.status !== undefined || fault.code !== undefined) return answerFault(fault, answer, requestId);
    if (fault.malformed) {
      entry.status = 200;
      return sendText(response, 200, malformedBody(fault.malformed, route), { 'x-request-id': requestId });
    }
  }

  if (auth.error) return answerError(auth.error);
  try {
    const caller = callerOf(request, auth.token, deps.subjects.resolve(auth.token), requestId);
    const apiRequest: ApiRequest = { route, pathId, query: url.searchParams, body: body.parsed, caller };
    if (fault?.operationError) apiRequest.operationError = fault.operationError;
    const result = handleApiRequest(deps.ctx, apiRequest);
    if (fault?.dropAnswer) {
      // The change is made; only its answer is lost, as when a connection breaks on the way back.
      entry.status = 0;
      request.socket.destroy();
      return;
    }
    answer(200, result);
  } catch (error) {
    if (error instanceof KmsError) return answerError(error);
    console.error('kms emulator: internal error', error);
    answerError(new KmsError(Code.INTERNAL, 'Internal error in the emulator'));
  }
}

function answerFault(
  fault: FaultRule,
  answer: (status: number, body: unknown, headers?: Record<string, string>) => void,
  requestId: string,
): void {
  const { status, code } = faultStatus(fault);
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
  answer(status, statusBody(code, fault.message ?? defaultFaultMessage(code), requestId), headers);
}

function defaultFaultMessage(code: number): string {
  if (code === Code.UNAVAILABLE) return 'The service is temporarily unavailable, retry later';
  if (code === Code.RESOURCE_EXHAUSTED) return 'Quota limit exceeded: too many requests, retry later';
  return 'Fault injected by the emulator';
}

interface RequestBody {
  parsed: ParsedBody;
  /** What the request log shows: the JSON value, or the raw text when it is not JSON. */
  logged?: unknown;
}

/** Only the routes that take a body read one (rotate takes none: anything sent is ignored, as by the API). */
async function readRequestBody(request: IncomingMessage, route: RouteName): Promise<RequestBody> {
  const limit = BODY_LIMIT_BYTES[route];
  if (limit === undefined) return { parsed: { kind: 'empty' } };
  const text = await readText(request, limit);
  if (text === undefined) return { parsed: { kind: 'invalid', reason: `larger than ${limit} bytes` } };
  const parsed = parseBody(text);
  if (parsed.kind === 'json') return { parsed, logged: parsed.value };
  if (parsed.kind === 'invalid') return { parsed, logged: text };
  return { parsed };
}
