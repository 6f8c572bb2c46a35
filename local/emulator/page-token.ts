// Opaque page tokens: the offset of the next page, bound by an HMAC to the list it came from
// (a key's versions, a folder's keys, a cloud's folders...) and to this emulator, so forged or foreign tokens are refused.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface PageTokens {
  issue(scope: string, offset: number): string;
  /** The offset a token stands for, or undefined when this emulator did not issue it for `scope`. */
  read(scope: string, token: string): number | undefined;
}

export function createPageTokens(secret: Buffer = randomBytes(32)): PageTokens {
  const mac = (scope: string, offset: number) => createHmac('sha256', secret).update(`${scope}\n${offset}`).digest().subarray(0, 16);
  return {
    issue(scope, offset) {
      return Buffer.concat([Buffer.from(`${offset}.`), mac(scope, offset)]).toString('base64url');
    },
    read(scope, token) {
      if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
      const bytes = Buffer.from(token, 'base64url');
      const dot = bytes.indexOf('.');
      if (dot < 1 || dot > 10) return undefined;
      const offsetText = bytes.subarray(0, dot).toString();
      if (!/^\d+$/.test(offsetText)) return undefined;
      const offset = Number(offsetText);
      const given = bytes.subarray(dot + 1);
      const expected = mac(scope, offset);
      return given.length === expected.length && timingSafeEqual(given, expected) ? offset : undefined;
    },
  };
}

export const versionsScope = (keyId: string) => `versions:${keyId}`;
export const keysScope = (folderId: string) => `keys:${folderId}`;
export const operationsScope = (keyId: string) => `operations:${keyId}`;
// Organization IDs never hold "*": it stands for the list of every cloud the caller sees.
export const cloudsScope = (organizationId: string | undefined) => `clouds:${organizationId ?? '*'}`;
export const foldersScope = (cloudId: string) => `folders:${cloudId}`;
