// Message Queue speaks the SQS protocol, so its checksums are SQS's: md5 of the body (matches the docs'
// example), and md5 of the attributes in SQS's binary layout. The docs' attribute checksum is masked
// and cannot be checked, so that one follows SQS: computed over the sender's DataType `String`.
import { createHash } from 'node:crypto';
import type { QueueAttributeValue } from './types.ts';

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

function lengthPrefixed(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

const STRING_TRANSPORT = Buffer.from([1]);
// Every attribute the host makes is a string attribute, so the event's `StringValue` maps to `String`.
const SQS_STRING_TYPE = 'String';

/** Sorted by name: name, data type, transport type (1 = string), value. Empty when no attributes. */
export function md5OfMessageAttributes(attributes: Record<string, QueueAttributeValue>): string {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return '';
  const hash = createHash('md5');
  for (const name of names) {
    const attribute = attributes[name]!;
    hash.update(lengthPrefixed(name));
    hash.update(lengthPrefixed(SQS_STRING_TYPE));
    hash.update(STRING_TRANSPORT);
    hash.update(lengthPrefixed(attribute.string_value));
  }
  return hash.digest('hex');
}
