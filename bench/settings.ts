// How much the bench measures: sized to finish in about six minutes on a 2-core machine, two and a half of
// them the organization sweep.

/** Fresh processes per target for the cold-start figures, after one unrecorded round (disk cache). */
export const COLD_RUNS = 15;

/** Warm invocations: calls thrown away first (JIT, connection), then measured calls of each kind, in each
 *  of a few fresh processes (one process's JIT luck must not decide the ratio). */
export const WARM_PROCESSES = 3;
export const WARM_UP_CALLS = 300;
export const WARM_CALLS = 1_500;

/** Every request the emulator answers during a throughput sweep waits this long first. */
export const SWEEP_LATENCY_MS = 20;
export const SWEEP_KEYS = 1_000;
export const SWEEP_VERSIONS_PER_KEY = 10;
/** At concurrency 1 the full sweep would take 20 s per run: a tenth of the keys gives the same ratio. */
export const SWEEP_KEYS_AT_CONCURRENCY_1 = 100;
export const SWEEP_CONCURRENCIES = [1, 8, 32] as const;
/** Fresh processes per concurrency, for each of the five sweeps (ours over HTTP and HTTPS, the two bare loops,
 *  the SDK's); short sweeps are easily disturbed. */
export const SWEEP_RUNS = 5;

/** The per-cloud quota-sized sweep against a small one, each in its own fresh process. */
export const MEMORY_SMALL = { keys: 10, versionsPerKey: 10 };
export const MEMORY_QUOTA = { keys: 100, versionsPerKey: 100 };
export const MEMORY_RUNS = 3;

/** The only token the emulator and the gRPC server accept. */
export const BENCH_TOKEN = 't1.bench-token-not-a-secret';

/** Handlers log at ERROR so that writing log lines does not dominate what is measured. */
export const BENCH_LOG_LEVEL = 'ERROR';

/** Remaining time the fake invocation context reports: far more than any measured call needs. */
export const INVOCATION_TIME_MS = 10 * 60_000;

/** Real-time guard, event to ACTIVE: the cancel bundle behind the local host's Cloud Logging trigger (cutoff 0)
 *  on the audit records of an emulator in the same fresh process; events one at a time, after one unrecorded. */
export const REALTIME_PROCESSES = 2;
export const REALTIME_EVENTS_PER_PROCESS = 10;

/** Real-time guard, a warm 100-event batch: one DONE schedule record per key, SWEEP_CONCURRENCY 8 (the default),
 *  +SWEEP_LATENCY_MS on every request, every cancel's operation done at its first poll. */
export const BATCH_EVENTS = 100;
export const BATCH_CONCURRENCY = 8;
export const BATCH_OPERATION_POLLS = 1;
export const BATCH_PROCESSES = 3;
/** Per process: batches of each kind thrown away first (JIT, connections), then measured batches of each. */
export const BATCH_WARM_UPS = 1;
export const BATCH_MEASURED = 2;

/** Organization sweep: 20 clouds x 50 folders, 5,000 keys x 10 versions, +SWEEP_LATENCY_MS on every request,
 *  and the same at half the size (10 clouds). At concurrency 8 a run lasts ~17 s, so that row gets fewer runs. */
export const ORG_FULL = { clouds: 20, foldersPerCloud: 50, keys: 5_000 };
export const ORG_HALF = { clouds: 10, foldersPerCloud: 50, keys: 2_500 };
export const ORG_VERSIONS_PER_KEY = 10;
export const ORG_CONCURRENCIES = [8, 32] as const;
/** Fresh processes for each row (ours, bare, ours at half size) at each concurrency. */
export const ORG_RUNS: Record<(typeof ORG_CONCURRENCIES)[number], number> = { 8: 2, 32: 3 };

/** Metrics write cost: a report sweep of 10 keys x 10 versions (one scheduled each), with and without
 *  MONITORING_FOLDER_ID, taking turns in each process; the first sweep of each process is its cold one. A
 *  sweep's CPU time still falls for its first ~60 runs (the JIT at work): 100 warm-ups before the pairs. */
export const METRICS_KEYS = 10;
export const METRICS_VERSIONS_PER_KEY = 10;
export const METRICS_PROCESSES = 4;
export const METRICS_WARM_UPS = 100;
export const METRICS_PAIRS = 30;

/** Key deletion defense: one organization of 2 clouds x 5 folders and 200 keys x 5 versions, nothing scheduled,
 *  +SWEEP_LATENCY_MS on every request, SWEEP_CONCURRENCY 8; every key protected, then every other key without
 *  protection (the report sweep, then the guard sweep with ENFORCE_DELETION_PROTECTION=true, whose each
 *  protection's operation is done at poll DEFENSE_OPERATION_POLLS); fresh processes per row. */
export const DEFENSE_ORG = { clouds: 2, foldersPerCloud: 5, keys: 200 };
export const DEFENSE_VERSIONS_PER_KEY = 5;
export const DEFENSE_CONCURRENCY = 8;
export const DEFENSE_OPERATION_POLLS = 1;
export const DEFENSE_RUNS = 3;
