// What every probe (a script run in a fresh `node` process) shares: its job, its context, its answer.
// It is bundled into every probe and loaded before the bundle under test: import nothing heavy here.
import { createContext } from '../../local/host/context.ts';
import type { FunctionContext } from '../../local/host/types.ts';

/** Kept equal to run/child.ts's RESULT_MARKER; probes are bundled alone and import nothing of the parent. */
const RESULT_MARKER = 'BENCH_RESULT ';

export type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export function readJob<T>(): T {
  return JSON.parse(process.argv[2] ?? '{}') as T;
}

/** Prints the result for the parent and exits at once: open gRPC channels or sockets must not delay it. */
export function report(result: Record<string, unknown>): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify({ ...result, maxRssKb: process.resourceUsage().maxRSS })}\n`, () =>
    process.exit(0),
  );
}

export function fail(error: unknown): void {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
}

/** The context every probe's handler gets: the local host's own builder, with the bench's fixed names. */
export function invocationContext(token: string, remainingMs: number): FunctionContext {
  return createContext({ functionName: 'bench', functionVersion: 'bench', requestId: 'bench', token, timeoutMs: remainingMs });
}

export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
