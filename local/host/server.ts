// The HTTP front door: routes a request, builds the event, invokes, and answers as the platform would.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BodyRead, readBody } from '../read-body.ts';
import { gatewayEvent } from './gateway-event.ts';
import { headerPairs, httpEventFromRequest } from './http-event.ts';
import { replyFromHttpResult } from './http-result.ts';
import { newRequestId } from './ids.ts';
import type { Invoker } from './invoker.ts';
import { throughJson } from './json-value.ts';
import { parseQuery } from './query.ts';
import { getField } from './records.ts';
import { functionError, functionTimeout, type HttpReply, hostError, jsonReply, kmsMethodNotAllowed, malformedResponse } from './replies.ts';
import { matchRoute, ROUTE_SUMMARY } from './routes.ts';
import type { Outcome } from './run-handler.ts';
import { sendReply } from './send-reply.ts';
import { timerEvent } from './trigger-events.ts';
import type { HttpMethod } from './types.ts';

interface ServerDeps {
  invoker: Invoker;
  log: (line: string) => void;
  /** The configured timer payload, used when POST /timers/{name} has an empty body. */
  timerPayload?: string;
  triggerIdFor: (name: string) => string;
}

/** Cloud Functions refuses requests over 3.5 MB with 413 before any function runs. */
export const REQUEST_BODY_LIMIT = 3.5 * 1024 * 1024;

/** A timer trigger's payload is at most 4096 characters. */
const TIMER_PAYLOAD_LIMIT = 4096;

interface Target {
  rawPath: string;
  rawQuery: string;
}

function splitTarget(url: string): Target {
  let target = url;
  if (!target.startsWith('/')) {
    // Absolute-form (`GET http://host/path`) is legal HTTP; anything else simply matches no route.
    try {
      const parsed = new URL(target);
      target = parsed.pathname + parsed.search;
    } catch {
      return { rawPath: target, rawQuery: '' };
    }
  }
  const queryStart = target.indexOf('?');
  return queryStart < 0
    ? { rawPath: target, rawQuery: '' }
    : { rawPath: target.slice(0, queryStart), rawQuery: target.slice(queryStart + 1) };
}

/** HTTP integration: the handler's answer is mapped onto the response. */
function httpReply(name: string, outcome: Outcome): HttpReply {
  if (outcome.kind === 'threw') return functionError(outcome.error);
  if (outcome.kind === 'timed-out') return functionTimeout(name, outcome.timeoutMs);
  return replyFromHttpResult(outcome.value);
}

/** Raw integration and timers: the return value itself is the JSON body, always with 200. */
function valueReply(name: string, outcome: Outcome): HttpReply {
  if (outcome.kind !== 'returned') return httpReply(name, outcome);
  const trip = throughJson(outcome.value);
  if (!trip.ok) return malformedResponse(`(no JSON form: ${trip.reason})`);
  return jsonReply(200, trip.value ?? null);
}

/** Raw integration hands over the body as parsed JSON, or as the text when it is not JSON. */
function rawEvent(body: Buffer): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Answer = { reply: HttpReply | 'aborted'; functionName?: string };

async function answer(deps: ServerDeps, request: IncomingMessage, target: Target, requestId: string): Promise<Answer> {
  const method = request.method ?? 'GET';
  const route = matchRoute(method, target.rawPath);
  switch (route.kind) {
    case 'no-route':
      return { reply: hostError(404, 'NotFound', `no route for ${method} ${target.rawPath}`, { routes: ROUTE_SUMMARY }) };
    case 'bad-path':
      return { reply: hostError(400, 'BadRequest', route.message) };
    case 'wrong-method': {
      const refusal = hostError(405, 'MethodNotAllowed', route.message);
      return { reply: { ...refusal, headers: [...refusal.headers, ['Allow', [route.allow]]] } };
    }
    case 'gateway-wrong-method':
      return { reply: kmsMethodNotAllowed(route.method, route.allow) };
  }

  const name = route.functionName;
  if (!deps.invoker.has(name)) {
    const reply = hostError(404, 'NotFound', `function ${name} is not served here`, { functions: deps.invoker.names() });
    return { reply, functionName: name };
  }
  let read: BodyRead;
  try {
    read = await readBody(request, REQUEST_BODY_LIMIT);
  } catch {
    return { reply: 'aborted', functionName: name };
  }
  if (read.kind === 'too-large') {
    const reply = hostError(413, 'RequestTooLarge', `request body of ${read.bytes} bytes is over the 3.5 MB limit of Cloud Functions`);
    return { reply, functionName: name };
  }

  if (route.kind === 'timer') {
    const payload = read.body.length > 0 ? read.body.toString('utf8') : deps.timerPayload;
    if (payload !== undefined && payload.length > TIMER_PAYLOAD_LIMIT) {
      return { reply: hostError(400, 'BadRequest', `a timer payload is at most ${TIMER_PAYLOAD_LIMIT} characters`), functionName: name };
    }
    const event = timerEvent(payload, { triggerId: deps.triggerIdFor(name) });
    return { reply: valueReply(name, await deps.invoker.invoke(name, event, requestId)), functionName: name };
  }

  const raw = getField(parseQuery(target.rawQuery).single, 'integration') === 'raw';
  if (route.kind === 'function-url' && raw) {
    return { reply: valueReply(name, await deps.invoker.invoke(name, rawEvent(read.body), requestId)), functionName: name };
  }

  const event = httpEventFromRequest({
    method: method as HttpMethod, // matchRoute admits only the platform's methods
    url: request.url ?? '/',
    headers: headerPairs(request.rawHeaders),
    body: read.body,
    sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
    sourcePort: request.socket.remotePort ?? 0,
    requestId,
  });
  const delivered = route.kind === 'gateway' ? gatewayEvent(event, route.match, target.rawPath, target.rawQuery) : event;
  return { reply: httpReply(name, await deps.invoker.invoke(name, delivered, requestId)), functionName: name };
}

const shorten = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);

export function createRequestListener(deps: ServerDeps): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const startedAt = Date.now();
    const target = splitTarget(request.url ?? '/');
    response.on('error', () => {}); // a vanished client is not the host's problem
    answer(deps, request, target, newRequestId())
      .catch((error: unknown): Answer => {
        // Only a bug in the host itself lands here; say so without details a caller should not see.
        deps.log(`[host] internal error: ${error instanceof Error ? error.message : String(error)}`);
        return { reply: hostError(500, 'HostError', 'the local function host failed; see its log') };
      })
      .then(({ reply, functionName }) => {
        if (reply !== 'aborted') sendReply(response, reply);
        const status = reply === 'aborted' ? 'aborted' : String(reply.status);
        // Method, path (no query), function, status, time: never a header value, a body or a token.
        deps.log(`[host] ${request.method} ${shorten(target.rawPath)} -> ${functionName ?? '-'} ${status} ${Date.now() - startedAt}ms`);
      });
  };
}
