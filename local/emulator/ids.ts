// IDs the emulator makes up, shaped like KMS ones: 20 lowercase Latin letters and digits, prefix "abj".
import { randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newResourceId(): string {
  let id = 'abj';
  while (id.length < 20) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/** Subject shown as an operation's createdBy: the emulator cannot tell who a token belongs to. */
export const EMULATOR_SUBJECT_ID = 'ajeemulator000000001';
