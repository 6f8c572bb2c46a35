// Who made a request and from where: what operations (createdBy) and audit events record about it.
import type { IncomingMessage } from 'node:http';
import { maskToken, type Subject, tokenId } from './subjects.ts';

export interface Caller {
  subject: Subject;
  /** The token as audit events show it; the token itself is kept nowhere. */
  maskedToken: string;
  tokenId: string;
  remoteAddress: string;
  remotePort: string;
  userAgent: string;
  /** The x-request-id the emulator answers with. */
  requestId: string;
}

export function callerOf(request: IncomingMessage, token: string, subject: Subject, requestId: string): Caller {
  return {
    subject,
    maskedToken: maskToken(token),
    tokenId: tokenId(token),
    // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; the audit log shows the plain address.
    remoteAddress: (request.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, ''),
    remotePort: String(request.socket.remotePort ?? ''),
    userAgent: request.headers['user-agent'] ?? '',
    requestId,
  };
}
