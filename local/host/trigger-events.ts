// The events timer, Message Queue and Cloud Logging triggers deliver, in the documented format.
import { randomUUID } from 'node:crypto';
import { cloudResourceId } from './ids.ts';
import { LOCAL_CLOUD_ID, LOCAL_FOLDER_ID } from './local-cloud.ts';
import { setField } from './records.ts';
import { md5Hex, md5OfMessageAttributes } from './sqs-md5.ts';
import type { LogEntry, LoggingBatchEvent, QueueAttributeValue, QueueEvent, TimerEvent } from './types.ts';

interface Placement {
  cloudId?: string;
  folderId?: string;
  now?: Date;
}

/** Trigger timestamps have microseconds (`2019-12-04T12:05:14.227761Z`); Date stops at ms. */
function createdAt(now: Date): string {
  const micros = String(Math.floor(Math.random() * 1000)).padStart(3, '0');
  return now.toISOString().replace(/Z$/, `${micros}Z`);
}

export interface TimerEventOptions extends Placement {
  triggerId?: string;
}

export function timerEvent(payload?: string, options: TimerEventOptions = {}): TimerEvent {
  const details: TimerEvent['messages'][number]['details'] = { trigger_id: options.triggerId ?? cloudResourceId('a1s') };
  // Older timers have no payload field at all, so it appears only when there is one.
  if (payload !== undefined) details.payload = payload;
  return {
    messages: [
      {
        event_metadata: {
          event_id: cloudResourceId('a1s'),
          event_type: 'yandex.cloud.events.serverless.triggers.TimerMessage',
          created_at: createdAt(options.now ?? new Date()),
          cloud_id: options.cloudId ?? LOCAL_CLOUD_ID,
          folder_id: options.folderId ?? LOCAL_FOLDER_ID,
        },
        details,
      },
    ],
  };
}

export interface QueueEventOptions extends Placement {
  /** Default `yrn:yc:ymq:ru-central1:<folder>:<queueName>`. */
  queueId?: string;
  queueName?: string;
  /** String attributes every message carries. */
  messageAttributes?: Record<string, string>;
}

export function queueEvent(bodies: readonly string[], options: QueueEventOptions = {}): QueueEvent {
  const now = options.now ?? new Date();
  const folderId = options.folderId ?? LOCAL_FOLDER_ID;
  const queueId = options.queueId ?? `yrn:yc:ymq:ru-central1:${folderId}:${options.queueName ?? 'local-queue'}`;
  const attributes: Record<string, QueueAttributeValue> = {};
  for (const [name, value] of Object.entries(options.messageAttributes ?? {})) {
    setField(attributes, name, { data_type: 'StringValue', string_value: value });
  }
  return {
    messages: bodies.map((body) => {
      const id = randomUUID();
      return {
        event_metadata: {
          event_id: id,
          event_type: 'yandex.cloud.events.messagequeue.QueueMessage' as const,
          created_at: createdAt(now),
          cloud_id: options.cloudId ?? LOCAL_CLOUD_ID,
          folder_id: folderId,
        },
        details: {
          queue_id: queueId,
          message: {
            message_id: id,
            md5_of_body: md5Hex(body),
            body,
            attributes: { SentTimestamp: String(now.getTime()) },
            message_attributes: structuredClone(attributes),
            md5_of_message_attributes: md5OfMessageAttributes(attributes),
          },
        },
      };
    }),
  };
}

export type LoggingBatchEventOptions = Placement;

/** One message holding the whole batch, in the order the entries were written. */
export function loggingBatchEvent(entries: readonly LogEntry[], options: LoggingBatchEventOptions = {}): LoggingBatchEvent {
  const ms = (options.now ?? new Date()).getTime();
  const seconds = Math.floor(ms / 1000);
  return {
    messages: [
      {
        event_metadata: {
          event_id: randomUUID(),
          event_type: 'yandex.cloud.events.serverless.triggers.LoggingMessageBatch',
          created_at: { seconds, nanos: (ms - seconds * 1000) * 1_000_000 },
          cloud_id: options.cloudId ?? LOCAL_CLOUD_ID,
          folder_id: options.folderId ?? LOCAL_FOLDER_ID,
        },
        details: { messages: [...entries] },
      },
    ],
  };
}
