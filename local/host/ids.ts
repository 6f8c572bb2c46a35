import { randomBytes, randomUUID } from 'node:crypto';

// Yandex Cloud IDs look like `a1s41g2n5g0o5p778k4r`: 20 characters of base32hex, a 3-character prefix
// naming the service (b1g clouds and folders, a1s triggers, d4e functions).
const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

export function cloudResourceId(prefix: string): string {
  const bytes = randomBytes(20 - prefix.length);
  let id = prefix;
  for (const byte of bytes) id += BASE32HEX[byte % 32];
  return id;
}

export const newRequestId = (): string => randomUUID();

/** One cloud and folder per host process, as a real deployment lives in one folder. */
export const LOCAL_CLOUD_ID = cloudResourceId('b1g');
export const LOCAL_FOLDER_ID = cloudResourceId('b1g');
