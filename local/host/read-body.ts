// Reads a request body under the platform's size limit.
import type { IncomingMessage } from 'node:http';

/** Cloud Functions refuses requests over 3.5 MB with 413 before any function runs. */
export const REQUEST_BODY_LIMIT = 3.5 * 1024 * 1024;

// Past the limit the rest is read and thrown away so the client can still receive the 413; a client
// that keeps sending far beyond it is cut off instead.
const DRAIN_LIMIT = 64 * 1024 * 1024;

export type BodyRead = { kind: 'complete'; body: Buffer } | { kind: 'too-large'; bytes: number };

/** Rejects when the client goes away mid-body. */
export async function readBody(request: IncomingMessage, limit = REQUEST_BODY_LIMIT): Promise<BodyRead> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > DRAIN_LIMIT) {
    request.destroy();
    return { kind: 'too-large', bytes: declared };
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes <= limit) chunks.push(chunk);
    else if (bytes > DRAIN_LIMIT) break; // leaving the loop destroys the request
  }
  return bytes > limit ? { kind: 'too-large', bytes } : { kind: 'complete', body: Buffer.concat(chunks) };
}
