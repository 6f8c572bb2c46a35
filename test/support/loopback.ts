import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readText } from '../../local/read-body.ts';

/** Far above any body a test sends; the functions' hand-offs are capped well below it. */
const BODY_LIMIT = 64 * 1024 * 1024;

/** A request as a loopback server received it: its body read whole. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Loopback {
  url: string;
  /** host:port, as the functions' messages name a host. */
  host: string;
  /** Every request received so far, oldest first. */
  requests: Received[];
  close(): Promise<void>;
}

export type Answer = (request: Received, response: ServerResponse) => void | Promise<void>;

/**
 * A server on 127.0.0.1 that answers each request with `answer` once its body has arrived, to play a
 * KMS, an Operation service or a CHAIN_URL receiver that behaves in ways the emulator and the local
 * host never would. close() cuts every connection, answered or not.
 */
export async function startLoopback(answer: Answer): Promise<Loopback> {
  const requests: Received[] = [];
  const server = http.createServer((request, response) => {
    // A request the client gave up on mid-body is never answered, as before it was received.
    readText(request, BODY_LIMIT).then(
      (body) => {
        const received = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: body ?? '' };
        requests.push(received);
        void answer(received, response);
      },
      () => {},
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** A google.rpc.Status error body, as every Yandex Cloud API answers an error. */
export function sendStatus(response: ServerResponse, httpStatus: number, code: number, message: string): void {
  sendJson(response, httpStatus, { code, message, details: [] });
}

export interface StreamedBody {
  /** Bytes the server handed to the socket before it stopped. */
  written: number;
  /** True once the server had written the whole body. */
  finished: boolean;
  /** True when the client closed the connection before the whole body was sent. */
  cutShort: boolean;
  /** Resolves when the response is over, one way or the other. */
  done: Promise<void>;
}

/**
 * Streams `totalBytes` of `filler` as the answer, chunk by chunk and only as fast as the client reads,
 * so a client that stops reading is seen to stop: `written` stays short of the total. With
 * `declareLength` the answer carries a Content-Length; otherwise it is chunked.
 */
export function streamBody(
  response: ServerResponse,
  options: { status?: number; totalBytes: number; prefix?: string; declareLength?: boolean },
): StreamedBody {
  const chunk = Buffer.alloc(64 * 1024, ' ');
  const prefix = Buffer.from(options.prefix ?? '');
  const state: StreamedBody = { written: 0, finished: false, cutShort: false, done: Promise.resolve() };
  state.done = new Promise<void>((resolve) => {
    response.on('close', () => {
      state.cutShort = !state.finished;
      resolve();
    });
  });
  response.writeHead(options.status ?? 200, {
    'Content-Type': 'application/json',
    ...(options.declareLength ? { 'Content-Length': String(options.totalBytes) } : {}),
  });
  const write = () => {
    while (state.written < options.totalBytes && !response.destroyed) {
      const piece =
        state.written === 0 && prefix.length > 0 ? prefix : chunk.subarray(0, Math.min(chunk.length, options.totalBytes - state.written));
      state.written += piece.length;
      if (!response.write(piece)) {
        response.once('drain', write);
        return;
      }
    }
    if (state.written >= options.totalBytes && !response.destroyed) {
      state.finished = true;
      response.end();
    }
  };
  write();
  return state;
}
