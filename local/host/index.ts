// The local function host: plays the Cloud Functions platform (function URL, API Gateway, timer
// triggers) on a laptop, so a handler behaves here as it does once deployed.
export { startHost, FunctionTimeoutError } from './host.ts';
export { createContext, DEFAULT_TIMEOUT_MS, type ContextOptions } from './context.ts';
export { httpEventFromRequest, headerPairs, type RequestSnapshot, type HeaderPairs } from './http-event.ts';
export { gatewayEvent, type GatewayMatch } from './gateway-event.ts';
export { timerEvent, queueEvent, type TimerEventOptions, type QueueEventOptions } from './trigger-events.ts';
export { REQUEST_BODY_LIMIT } from './read-body.ts';
export type {
  FunctionContext,
  FunctionHandler,
  GatewayHttpEvent,
  HostOptions,
  HttpEvent,
  HttpMethod,
  HttpResult,
  LocalHost,
  QueueAttributeValue,
  QueueEvent,
  TimerEvent,
} from './types.ts';
