import type { ServerResponse } from 'node:http';
import type { HttpReply } from './replies.ts';

/** Writes a reply unless the client is already gone (nothing to answer then). */
export function sendReply(response: ServerResponse, reply: HttpReply): void {
  if (response.headersSent || response.destroyed) return;
  response.statusCode = reply.status;
  for (const [name, values] of reply.headers) response.setHeader(name, values.length === 1 ? values[0]! : values);
  const bodyAllowed = reply.status !== 204 && reply.status !== 304;
  if (bodyAllowed) response.setHeader('Content-Length', reply.body.length);
  response.end(bodyAllowed ? reply.body : undefined);
}
