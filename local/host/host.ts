// Starts the local stand-in for the Cloud Functions platform.
import { createServer, type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { DEFAULT_TIMEOUT_MS } from './context.ts';
import { cloudResourceId } from './ids.ts';
import { createInvoker } from './invoker.ts';
import { throughJson } from './json-value.ts';
import { loggingSettings, startLoggingTrigger } from './logging-trigger.ts';
import { describeOutcome } from './outcome-log.ts';
import type { Outcome } from './run-handler.ts';
import { createRequestListener } from './server.ts';
import { startTimerLoop } from './timer-loop.ts';
import { timerEvent } from './trigger-events.ts';
import type { HostOptions, LocalHost } from './types.ts';

export class FunctionTimeoutError extends Error {
  override name = 'FunctionTimeoutError';
}

/** What invoke() and fireTimer() give back: the value as it would cross the wire, or the failure. */
function settle(name: string, outcome: Outcome): unknown {
  if (outcome.kind === 'threw') throw outcome.error;
  if (outcome.kind === 'timed-out') {
    throw new FunctionTimeoutError(`function ${name} did not finish within its ${outcome.timeoutMs} ms execution timeout`);
  }
  const trip = throughJson(outcome.value);
  if (!trip.ok) throw new TypeError(`function ${name} returned a value with no JSON form: ${trip.reason}`);
  return trip.value;
}

/** Malformed requests never reach a handler; answer them as Node would, and never let them crash us. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

export async function startHost(options: HostOptions): Promise<LocalHost> {
  const log = options.log ?? ((line: string) => console.error(line));
  const host = options.host ?? '127.0.0.1';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const invoker = createInvoker({ functions: options.functions, token: options.token, timeoutMs });
  // One trigger per function, stable for the host's lifetime, as deployed triggers are.
  const triggerIds = new Map(invoker.names().map((name) => [name, cloudResourceId('a1s')]));
  const triggerIdFor = (name: string): string => triggerIds.get(name) ?? cloudResourceId('a1s');
  // A trigger for a function that is not here, or with a bad setting, stops the host before it serves.
  const loggingTriggers = (options.loggingTriggers ?? []).map((trigger) => {
    if (!invoker.has(trigger.functionName)) throw new Error(`logging trigger: function ${trigger.functionName} is not served here`);
    return { trigger, settings: loggingSettings(trigger) };
  });
  const fire = (name: string, payload?: string): Promise<Outcome> =>
    invoker.invoke(name, timerEvent(payload, { triggerId: triggerIdFor(name) }));

  const server = createServer(createRequestListener({ invoker, log, timerPayload: options.timers?.payload, triggerIdFor }));
  server.on('clientError', answerClientError);
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log(`[host] serving ${invoker.names().join(', ') || 'no functions'} on ${url}`);

  const intervalMs = options.timers?.intervalMs ?? 0;
  const stopTimers =
    intervalMs > 0
      ? startTimerLoop({ intervalMs, names: invoker.names(), fire: (name) => fire(name, options.timers?.payload), log })
      : () => {};
  if (intervalMs > 0) log(`[host] timers fire every ${intervalMs}ms`);
  const stopLogging = loggingTriggers.map(({ trigger, settings }) => {
    log(`[host] logging trigger -> ${trigger.functionName}: batches of up to ${settings.batchSize}, cutoff ${settings.cutoffMs}ms`);
    return startLoggingTrigger(trigger, settings, { invoke: (event) => invoker.invoke(trigger.functionName, event), log });
  });

  // Calls made through the API rather than HTTP get their log line here.
  const logged = async (label: string, name: string, outcome: Promise<Outcome>): Promise<unknown> => {
    const startedAt = Date.now();
    const settled = await outcome;
    log(`[host] ${label} -> ${name} ${describeOutcome(settled)} ${Date.now() - startedAt}ms`);
    return settle(name, settled);
  };

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    invoke: (name, event) => logged('invoke', name, invoker.invoke(name, event)),
    fireTimer: (name, payload) => logged('timer', name, fire(name, payload ?? options.timers?.payload)),
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopTimers();
        for (const stop of stopLogging) stop();
        server.close(() => resolve());
        // Keep-alive and in-flight connections would hold close() open for seconds; cut them now.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
