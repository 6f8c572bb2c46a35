// Yandex Cloud IDs look like `a1s41g2n5g0o5p778k4r`: 20 characters of base32hex, a 3-character prefix
// naming the service (b1g clouds and folders, a1s triggers, d4e functions).
// Web Crypto (a global) rather than node:crypto: the invocation context uses these, and a bench probe
// that builds one must not load the crypto module before the handler it measures does.
const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

export function cloudResourceId(prefix: string): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(20 - prefix.length));
  let id = prefix;
  for (const byte of bytes) id += BASE32HEX[byte % 32];
  return id;
}

export const newRequestId = (): string => globalThis.crypto.randomUUID();
