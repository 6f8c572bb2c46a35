// What every probe (a script run in a fresh `node` process) shares: its job, its context, its answer.

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

/** The invocation context as the Node.js runtime builds it (see local/host/context.ts), made here by hand. */
export function invocationContext(token: string, remainingMs: number, requestId = 'bench'): Record<string, unknown> {
  const deadline = Date.now() + remainingMs;
  return {
    functionName: 'bench',
    functionVersion: 'bench',
    memoryLimitInMB: '128',
    requestId,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    getPayload: () => undefined,
    token: { access_token: token, expires_in: 43_200, token_type: 'Bearer' },
  };
}

export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
