import * as z from 'zod/mini';
import { isObject } from './kind.ts';

/** The timer's payload (`details.payload`), absent in older event versions. */
export function timerPayload(event: Record<string, unknown>): string | undefined {
  const messages = Array.isArray(event.messages) ? event.messages : [];
  const details = isObject(messages[0]) && isObject(messages[0].details) ? messages[0].details : {};
  return typeof details.payload === 'string' ? details.payload : undefined;
}

export interface QueueMessage {
  messageId: string;
  body: string;
  attributes: Record<string, string>;
}

// Message attributes are spelled data_type/string_value in the current docs and dataType/stringValue in
// older ones; both are read.
const Attribute = z.looseObject({
  data_type: z.optional(z.string()),
  dataType: z.optional(z.string()),
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

/** The messages of a Message Queue trigger batch; a message too broken to read becomes one with an empty body. */
export function queueMessages(event: Record<string, unknown>): QueueMessage[] {
  const messages = Array.isArray(event.messages) ? event.messages : [];
  return messages.map((raw, index) => {
    const parsed = Message.safeParse(raw);
    if (!parsed.success) return { messageId: `#${index}`, body: '', attributes: {} };
    const message = parsed.data.details.message;
    const attributes: Record<string, string> = {};
    const given = isObject(message.message_attributes) ? message.message_attributes : {};
    for (const [name, value] of Object.entries(given)) {
      const attribute = Attribute.safeParse(value);
      const text = attribute.success ? (attribute.data.string_value ?? attribute.data.stringValue) : undefined;
      if (text !== undefined) attributes[name] = text;
    }
    return { messageId: message.message_id ?? `#${index}`, body: message.body ?? '', attributes };
  });
}
