// Reading a request body under a size limit: one reader for the local function host and the emulator.
import type { IncomingMessage } from 'node:http';

// Past the limit the rest is read and thrown away so the client can still receive its refusal; a client
// that keeps sending far beyond it is cut off instead.
const DRAIN_LIMIT = 64 * 1024 * 1024;

export type BodyRead = { kind: 'complete'; body: Buffer } | { kind: 'too-large'; bytes: number };

/** Rejects when the client goes away mid-body. */
export async function readBody(request: IncomingMessage, limit: number): Promise<BodyRead> {
  const drainLimit = Math.max(limit, DRAIN_LIMIT);
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > drainLimit) {
    request.destroy();
    return { kind: 'too-large', bytes: declared };
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes <= limit) chunks.push(chunk);
    else if (bytes > drainLimit) break; // leaving the loop destroys the request
  }
  return bytes > limit ? { kind: 'too-large', bytes } : { kind: 'complete', body: Buffer.concat(chunks) };
}

/** The body as UTF-8 text, or undefined past the limit. */
export async function readText(request: IncomingMessage, limit: number): Promise<string | undefined> {
  const read = await readBody(request, limit);
  return read.kind === 'complete' ? read.body.toString('utf8') : undefined;
}
