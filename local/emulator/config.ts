// The settings that can change while the emulator runs (options, configure(), POST /_emulator/config).
import * as z from 'zod/mini';
import type { EmulatorConfig } from './types.ts';

const ConfigSchema = z.strictObject({
  operationPolls: z.optional(z.int().check(z.gte(0), z.lte(1_000_000))),
  cancelRefusal: z.optional(z.enum(['sync', 'operation'])),
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The checked change; throws a ConfigError naming the bad setting. */
export function checkConfig(raw: unknown): Partial<EmulatorConfig> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError('the settings must be an object');
  const result = ConfigSchema.safeParse(raw);
  if (result.success) {
    const change: Partial<EmulatorConfig> = {};
    if (result.data.operationPolls !== undefined) change.operationPolls = result.data.operationPolls;
    if (result.data.cancelRefusal !== undefined) change.cancelRefusal = result.data.cancelRefusal;
    return change;
  }
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys')
    throw new ConfigError(`unknown setting "${issue.keys[0]}" (known: operationPolls, cancelRefusal)`);
  const field = String(issue.path[0] ?? 'config');
  const expected = field === 'cancelRefusal' ? 'must be "sync" or "operation"' : 'must be an integer >= 0';
  throw new ConfigError(`${field} ${expected}`);
}
