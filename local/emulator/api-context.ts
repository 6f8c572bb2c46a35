// What every API handler works with: the emulator's state, and one request once it is routed and authenticated.
import type { AuditContext } from './audit-events.ts';
import type { Caller } from './caller.ts';
import type { MetricsStore } from './metrics-store.ts';
import type { OperationStore } from './operations.ts';
import type { PageTokens } from './page-token.ts';
import type { ParsedBody } from './request-fields.ts';
import type { ResourceTree } from './resource-tree.ts';
import type { KeyStore } from './state.ts';
import type { EmulatorConfig, RouteName } from './types.ts';

export interface ApiContext {
  keys: KeyStore;
  operations: OperationStore;
  resources: ResourceTree;
  pageTokens: PageTokens;
  config: EmulatorConfig;
  audit: AuditContext;
  metrics: MetricsStore;
  nowMs: () => number;
}

export interface ApiRequest {
  route: RouteName;
  /** From the path: keyId for key routes, operationId for getOperation, '' otherwise. */
  pathId: string;
  query: URLSearchParams;
  body: ParsedBody;
  caller: Caller;
  /** An injected fault: the operation is created but ends with this error and changes nothing. */
  operationError?: { code: number; message: string };
}
