// JSON output: one document, nothing else on stdout. A GuardError anywhere becomes its code name and
// message (the report's errors read the same way).
import { GuardError } from '../../shared/errors/guard-error.ts';

function replacer(_key: string, value: unknown): unknown {
  return value instanceof GuardError ? { code: value.code, message: value.description } : value;
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, replacer, 2)}\n`;
}
