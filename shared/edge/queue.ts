import * as z from 'zod/mini';
import type { GuardError } from '../errors/guard-error.ts';
import { badField } from '../errors/input-error.ts';
import { isObject } from '../validation/is-object.ts';

/** One Message Queue message as a route sees it: its body parsed, or why it can never be worked (poison). */
export type QueueMessage = { messageId: string; attributes: Record<string, string> } & ({ body: unknown } | { poison: GuardError });

// Message attributes are spelled data_type/string_value in the current docs and dataType/stringValue in
// older ones; both are read.
const Attribute = z.looseObject({
  string_value: z.optional(z.string()),
  stringValue: z.optional(z.string()),
});
const Message = z.looseObject({
  details: z.looseObject({
    message: z.looseObject({
      message_id: z.optional(z.string()),
      body: z.optional(z.string()),
      // Read one by one below: a malformed attribute must not cost the message its body.
      message_attributes: z.optional(z.unknown()),
    }),
  }),
});

/** The messages of a Message Queue trigger batch; a message too broken to read is poison, never a crash. */
export function adaptQueue(event: unknown): QueueMessage[] {
  const messages = isObject(event) && Array.isArray(event.messages) ? event.messages : [];
  return messages.map((raw, index) => {
    const parsed = Message.safeParse(raw);
    if (!parsed.success) return { messageId: `#${index}`, attributes: {}, poison: badField('message', 'is not a Message Queue message') };
    const message = parsed.data.details.message;
    const messageId = message.message_id ?? `#${index}`;
    const attributes = attributesOf(message.message_attributes);
    const body = parseBody(message.body);
    return body instanceof Error ? { messageId, attributes, poison: body } : { messageId, attributes, body: body.value };
  });
}

function parseBody(text: string | undefined): { value: unknown } | GuardError {
  try {
    return { value: JSON.parse(text ?? '') };
  } catch {
    return badField('body', 'must be JSON of a direct-call input');
  }
}

function attributesOf(given: unknown): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (!isObject(given)) return attributes;
  for (const [name, value] of Object.entries(given)) {
    const attribute = Attribute.safeParse(value);
    const text = attribute.success ? (attribute.data.string_value ?? attribute.data.stringValue) : undefined;
    if (text !== undefined) attributes[name] = text;
  }
  return attributes;
}
