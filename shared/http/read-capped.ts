import type { Readable } from 'node:stream';
import type { Response } from 'node-fetch';
import { GuardError } from '../errors/guard-error.ts';

interface CapOptions {
  what: string;
  maxBodyBytes: number;
  truncateBody?: boolean;
}

/**
 * An answer's body as text, never more than maxBodyBytes of it in memory: past the cap the rest is not
 * read, and the answer is refused (or, when asked, cut short).
 */
export async function readCapped(response: Response, options: CapOptions, host: () => string): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > options.maxBodyBytes && !options.truncateBody) {
    // Not read at all: destroying the body closes the connection; draining it would read it all.
    (response.body as Readable | null)?.destroy();
    throw tooLarge(options, host());
  }
  if (!options.truncateBody) {
    // The common case, as fast as node-fetch reads: the request's `size` stops it at the cap.
    try {
      return await response.text();
    } catch (error) {
      if ((error as { type?: unknown }).type === 'max-size') throw tooLarge(options, host());
      throw error;
    }
  }
  const body = response.body;
  if (!body) return '';
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const room = options.maxBodyBytes - bytes;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      break; // leaving the loop destroys the stream: the rest is never read
    }
    chunks.push(chunk);
    bytes += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(options: CapOptions, host: string): GuardError {
  const limit = options.maxBodyBytes >= 1024 * 1024 ? `${options.maxBodyBytes / (1024 * 1024)} MiB` : `${options.maxBodyBytes} bytes`;
  return new GuardError('INTERNAL', `${options.what}: ${host} answered with a body over ${limit}; refused`);
}
