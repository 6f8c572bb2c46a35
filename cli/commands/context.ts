// What a command is given: where to write, the format, the configuration and scope, and a way to reach
// the APIs (a fresh invocation each time, with its own deadline).
import type { Invocation } from '../../shared/edge/invocation.ts';
import type { SweepResult } from '../../shared/sweep/sweep.ts';
import type { Format } from '../args.ts';
import type { Setup } from '../connect.ts';
import type { Output } from '../output.ts';

export interface CommandContext {
  output: Output;
  format: Format;
  setup: Setup;
  /** A new invocation: clients, retries and a deadline of --timeout from now. */
  connect(): Invocation;
  /** One sweep of the scope on a new invocation, its progress on stderr when that is a terminal. */
  sweep(): Promise<SweepResult & { invocation: Invocation }>;
}
