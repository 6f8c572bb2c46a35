// The shapes the host hands to functions and to its callers. Event and context types come from
// @yandex-cloud/function-types, widened only where the platform's documented events carry more.

import type Context from '@yandex-cloud/function-types/dist/src/context';
import type { Http } from '@yandex-cloud/function-types/dist/src/http';
import type { CloudLogging } from '@yandex-cloud/function-types/dist/src/triggers/cloudLogging';
import type { MessageQueue } from '@yandex-cloud/function-types/dist/src/triggers/messageQueue';
import type { Timer } from '@yandex-cloud/function-types/dist/src/triggers/timer';

export type FunctionContext = Context;
export type FunctionHandler = (event: unknown, context: FunctionContext) => unknown | Promise<unknown>;
export type HttpMethod = Http.Event['httpMethod'];
export type HttpResult = Http.Result;

/** The function URL's event: the documented fields plus `path: ''`, which real events carry. */
export type HttpEvent = Http.Event & { path: string };

/** What API Gateway (payload_format_version 0.1) adds on top of the function URL's event. */
export type GatewayHttpEvent = HttpEvent & {
  url: string;
  pathParams: Record<string, string>;
  params: Record<string, string>;
  multiValueParams: Record<string, string[]>;
};

type TimerMessage = Timer.Event['messages'][number];
/** The package's timer type predates `details.payload`; the current docs have it (optional). */
export interface TimerEvent {
  messages: Array<Omit<TimerMessage, 'details'> & { details: TimerMessage['details'] & { payload?: string } }>;
}

type QueueMessage = MessageQueue.Event['messages'][number];
type QueueMessageData = QueueMessage['details']['message'];
/** The current docs spell attribute keys in snake_case; the package still has the older camelCase. */
export interface QueueAttributeValue {
  data_type: 'StringValue';
  string_value: string;
}
export interface QueueEvent {
  messages: Array<{
    event_metadata: QueueMessage['event_metadata'] & { cloud_id: string; folder_id: string };
    details: {
      queue_id: string;
      message: Omit<QueueMessageData, 'message_attributes'> & {
        message_attributes: Record<string, QueueAttributeValue>;
      };
    };
  }>;
}

/** A Cloud Logging entry as the logging trigger delivers it. The package's type requires both `message`
 * and `json_payload`; an entry carries a text message, a structured payload, or both. */
export interface LogEntry {
  resource: { type: string; id: string };
  timestamp: string;
  level: string;
  message?: string;
  json_payload?: object;
}

type LoggingMessage = CloudLogging.Event['messages'][number];
/** A logging trigger's batch; unlike the timer's and queue's, its `created_at` is `{seconds, nanos}`. */
export interface LoggingBatchEvent {
  messages: Array<{
    event_metadata: LoggingMessage['event_metadata'] & { cloud_id: string; folder_id: string };
    details: { messages: LogEntry[] };
  }>;
}

/** Where a logging trigger's entries come from: a log group, or an emitter in a test. */
export interface LogSource {
  /** Calls listener with each new entry until the returned function is called. */
  subscribe(listener: (entry: LogEntry) => void): () => void;
}

export interface LoggingTriggerOptions {
  functionName: string;
  source: LogSource;
  /** Entries per invocation at most (1-1000, default 10). */
  batchSize?: number;
  /** The longest an entry waits for its batch to fill, in ms from the batch's first entry (default
   * 1000; 0 sends each entry at once). */
  cutoffMs?: number;
  /** Deliveries of a failed batch after the first, before it is dropped (default 3). */
  retryAttempts?: number;
  /** The pause before each of them, in ms (default 1000). */
  retryIntervalMs?: number;
}

export interface HostOptions {
  host?: string;
  port?: number;
  functions: Record<string, FunctionHandler>;
  /** The IAM token the platform would give the function (context.token); undefined → no token field. */
  token?: () => string | undefined;
  /** The function's execution timeout; getRemainingTimeInMillis counts down from it per invocation. */
  timeoutMs?: number;
  /** When intervalMs > 0, every function's timer trigger fires on that interval. */
  timers?: { intervalMs?: number; payload?: string };
  /** Each invokes its function with batches of the entries its source emits, as a Cloud Logging trigger. */
  loggingTriggers?: LoggingTriggerOptions[];
  /** Where the host prints its own lines (default console.error); function output is not captured. */
  log?: (line: string) => void;
}

export interface LocalHost {
  url: string;
  port: number;
  invoke(name: string, event: unknown): Promise<unknown>;
  fireTimer(name: string, payload?: string): Promise<unknown>;
  close(): Promise<void>;
}
