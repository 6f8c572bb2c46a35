// The local function host: plays the Cloud Functions platform (function URL, API Gateway, timer and
// Cloud Logging triggers) on a laptop, so a handler behaves here as it does once deployed.

export { type ContextOptions, createContext, DEFAULT_TIMEOUT_MS } from './context.ts';
export { type GatewayMatch, gatewayEvent } from './gateway-event.ts';
export { FunctionTimeoutError, startHost } from './host.ts';
export { type HeaderPairs, headerPairs, httpEventFromRequest, type RequestSnapshot } from './http-event.ts';
export { REQUEST_BODY_LIMIT } from './server.ts';
export {
  type LoggingBatchEventOptions,
  loggingBatchEvent,
  type QueueEventOptions,
  queueEvent,
  type TimerEventOptions,
  timerEvent,
} from './trigger-events.ts';
export type {
  FunctionContext,
  FunctionHandler,
  GatewayHttpEvent,
  HostOptions,
  HttpEvent,
  HttpMethod,
  HttpResult,
  LocalHost,
  LogEntry,
  LoggingBatchEvent,
  LoggingTriggerOptions,
  LogSource,
  QueueAttributeValue,
  QueueEvent,
  TimerEvent,
} from './types.ts';
