// IDs the emulator makes up, shaped like Yandex Cloud ones: 20 lowercase Latin letters and digits
// behind a 3-letter prefix naming the service ("abj" for KMS).
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newResourceId(prefix = 'abj'): string {
  let id = prefix;
  while (id.length < 20) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
