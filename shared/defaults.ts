// Every default the functions use, in one place; docs/configuration.md lists them.
export const DEFAULTS = {
  kmsEndpoint: 'https://kms.api.cloud.yandex.net',
  operationEndpoint: 'https://operation.api.cloud.yandex.net',
  resourceManagerEndpoint: 'https://resource-manager.api.cloud.yandex.net',
  monitoringEndpoint: 'https://monitoring.api.cloud.yandex.net',
  /** The key label whose value lists the versions (separated by "_") whose destruction is approved. */
  approvalLabel: 'destroy-approved',
  /** The key label (any value) that leaves a key without deletion protection and approves its deletion. */
  deletionApprovalLabel: 'delete-approved',
  sweepConcurrency: 8,
  logLevel: 'INFO',
  requestTimeoutMs: 10_000,
  maxAttempts: 5,
  /** Backoff before the first retry is up to this, doubling each time up to maxRetryDelayMs. */
  baseRetryDelayMs: 100,
  maxRetryDelayMs: 5_000,
  /** Polling an operation: the first pause, then 1.6 times longer each time, up to the last. */
  firstPollDelayMs: 50,
  maxPollDelayMs: 1_000,
  /** KMS's largest page: the fewest requests for a whole list. */
  listPageSize: 1000,
  /** A list that has not ended after this many pages is a server that misbehaves. */
  maxPages: 10_000,
} as const;
