// context.getPayload(): the body of an HTTP-integration event, parsed the way the runtime does.
import { parse as parseForm } from 'node:querystring';
import { isFormMediaType, isJsonMediaType } from './media-type.ts';

interface HttpLikeEvent {
  httpMethod: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

function isHttpEvent(event: unknown): event is HttpLikeEvent {
  return typeof event === 'object' && event !== null && typeof (event as HttpLikeEvent).httpMethod === 'string';
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/**
 * JSON bodies → JSON.parse (a broken body throws, as on the platform), form bodies → querystring.parse,
 * any other body → the text. Not an HTTP event (raw integration, triggers) → undefined: the docs give
 * getPayload meaning only under HTTP integration.
 */
export function payloadOf(event: unknown): unknown {
  if (!isHttpEvent(event)) return undefined;
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const contentType = headerValue(event.headers, 'Content-Type');
  if (isJsonMediaType(contentType)) return JSON.parse(text);
  if (isFormMediaType(contentType)) return { ...parseForm(text) };
  return text;
}
