import { isObject } from '../validation/is-object.ts';

export type EventKind = 'http' | 'timer' | 'queue' | 'logging' | 'direct';

/** Recognises a trigger by its shape, as docs/events.md's table describes; anything else is a direct call. */
export function eventKind(event: unknown): EventKind {
  if (!isObject(event)) return 'direct';
  if (typeof event.httpMethod === 'string') return 'http';
  const messages = event.messages;
  if (Array.isArray(messages) && messages.length > 0) {
    const type = eventTypeOf(messages[0]);
    if (type?.endsWith('TimerMessage')) return 'timer';
    if (type?.endsWith('QueueMessage')) return 'queue';
    if (type?.endsWith('LoggingMessageBatch')) return 'logging';
  }
  return 'direct';
}

function eventTypeOf(message: unknown): string | undefined {
  if (!isObject(message) || !isObject(message.event_metadata)) return undefined;
  const type = message.event_metadata.event_type;
  return typeof type === 'string' ? type : undefined;
}
