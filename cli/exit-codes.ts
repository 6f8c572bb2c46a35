// The exit codes of every command, as the usage text and docs/cli.md state them.
export const EXIT = {
  /** Nothing found (scan), or everything that needed saving was saved (cancel). */
  ok: 0,
  /** Any error: bad usage, no token, an incomplete scan, a cancel that failed or is not confirmed, a refusal. */
  error: 1,
  /** Something found (scan), or something still scheduled that this run did not cancel (dry run, declined). */
  found: 3,
} as const;
