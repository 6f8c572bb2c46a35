// One emulator, one environment and one set of watchers for a whole fuzz file, and a way to call a handler
// that records everything the call did: its answer, its KMS requests, its output, stray rejections.
import type { Emulator, RequestLogEntry } from '../../../local/emulator/index.ts';
import { invocationContext } from '../../support/events.ts';
import { kmsEnv, setEnv, startKms, TEST_TOKEN } from '../../support/kms.ts';
import { type OutputTap, tapOutput } from './output-tap.ts';
import { type Seeded, seeded } from './seeded.ts';

export type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

export type Outcome = { kind: 'value'; value: unknown } | { kind: 'thrown'; error: unknown } | { kind: 'hung' };

export interface Run {
  outcome: Outcome;
  requests: RequestLogEntry[];
  /** Bad log lines, unhandled rejections, uncaught exceptions: each one is a failure of the call. */
  problems: string[];
  /** Sizes of log lines over 64 KiB, which the platform splits into unstructured records (A8). */
  oversizedLogLines: number[];
}

export interface Lab {
  seed: Seeded;
  kms: Emulator;
  run(handler: Handler, event: unknown): Promise<Run>;
  close(): Promise<void>;
}

/** A call that has not settled by then is a hang (KMS requests time out well before). */
const HANG_MS = 5_000;
/** Cancelled versions are scheduled again now and then, so that cancelling keeps being exercised. */
const RESEED_EVERY = 500;

export async function openLab(seed: Seeded = seeded()): Promise<Lab> {
  const kms = await startKms({ seed: seed.data });
  const restoreEnv = setEnv({
    ...kmsEnv(kms),
    YC_IAM_TOKEN: undefined,
    KMS_KEY_IDS: seed.sweepKeys.join(','),
    KMS_FOLDER_ID: undefined,
    PROTECT_LABEL: undefined,
    DRY_RUN: undefined,
    ALLOWED_KEY_IDS: undefined,
    CHAIN_URL: undefined,
    SWEEP_CONCURRENCY: '4',
    KMS_MAX_ATTEMPTS: '1',
    KMS_REQUEST_TIMEOUT_MS: '3000',
    // Every record is captured and checked by the tap (none reach the test report), so log them all.
    LOG_LEVEL: 'TRACE',
  });
  const tap: OutputTap = tapOutput();
  const strays: string[] = [];
  const onRejection = (reason: unknown) => strays.push(`unhandled rejection: ${describe(reason)}`);
  const onException = (error: unknown) => strays.push(`uncaught exception: ${describe(error)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  let calls = 0;

  return {
    seed,
    kms,
    async run(handler, event) {
      if (++calls % RESEED_EVERY === 0) kms.seed(seed.data);
      kms.clearRequests();
      tap.begin();
      let outcome: Outcome;
      try {
        outcome = await settle((async () => handler(event, invocationContext({ token: TEST_TOKEN, remainingMs: 30_000 })))());
      } finally {
        // A rejection the call left behind surfaces within a turn or two of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const output = tap.end();
      const problems = [...output.problems, ...strays.splice(0)];
      return { outcome, requests: kms.requests.slice(), problems, oversizedLogLines: output.oversized };
    },
    async close() {
      tap.close();
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
      restoreEnv();
      await kms.close();
    },
  };
}

async function settle(call: Promise<unknown>): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hung' }), HANG_MS);
  });
  try {
    return await Promise.race([
      call.then(
        (value): Outcome => ({ kind: 'value', value }),
        (error: unknown): Outcome => ({ kind: 'thrown', error }),
      ),
      hang,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}
