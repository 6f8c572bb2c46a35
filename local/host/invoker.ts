// Calls a served function the way the platform does: a JSON copy of the event, a fresh context, the
// version's timeout.
import { createContext } from './context.ts';
import { cloudResourceId, newRequestId } from './ids.ts';
import { throughJson } from './json-value.ts';
import { type Outcome, runHandler } from './run-handler.ts';
import type { FunctionHandler } from './types.ts';

export interface Invoker {
  names(): string[];
  has(name: string): boolean;
  /** Rejects only when the event itself has no JSON form (a caller's mistake, not the function's). */
  invoke(name: string, event: unknown, requestId?: string): Promise<Outcome>;
}

interface InvokerOptions {
  functions: Record<string, FunctionHandler>;
  token?: () => string | undefined;
  timeoutMs: number;
}

export function createInvoker(options: InvokerOptions): Invoker {
  const handlers = new Map(Object.entries(options.functions));
  // Each function keeps one version for the host's lifetime, as a deployed version would.
  const versions = new Map([...handlers.keys()].map((name) => [name, cloudResourceId('d4e')]));

  return {
    names: () => [...handlers.keys()],
    has: (name) => handlers.has(name),
    async invoke(name, event, requestId = newRequestId()) {
      const handler = handlers.get(name);
      if (!handler) throw new Error(`function ${name} is not served here`);
      const delivered = throughJson(event);
      if (!delivered.ok || delivered.value === undefined) {
        throw new TypeError(`the event for ${name} has no JSON form${delivered.ok ? '' : `: ${delivered.reason}`}`);
      }
      const context = createContext({
        functionName: name,
        functionVersion: versions.get(name)!,
        requestId,
        token: options.token?.(),
        timeoutMs: options.timeoutMs,
        event: delivered.value,
      });
      return runHandler(handler, delivered.value, context, options.timeoutMs);
    },
  };
}
