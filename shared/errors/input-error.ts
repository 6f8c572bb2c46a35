import { GuardError } from './guard-error.ts';

const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

export interface FieldViolation {
  field: string;
  description: string;
}

/** Bad input: INVALID_ARGUMENT with a google.rpc.BadRequest detail naming each bad field. */
export class InputError extends GuardError {
  readonly fieldViolations: FieldViolation[];

  constructor(violations: FieldViolation[], httpStatus?: number) {
    super('INVALID_ARGUMENT', summarize(violations), {
      httpStatus,
      details: [{ '@type': BAD_REQUEST_TYPE, fieldViolations: violations }],
    });
    this.name = 'InputError';
    this.fieldViolations = violations;
  }
}

/** Messages name at most a few fields (a log record must stay one line under 64 KB); the detail lists all. */
const FIELDS_IN_MESSAGE = 5;

function summarize(violations: FieldViolation[]): string {
  const named = violations.slice(0, FIELDS_IN_MESSAGE).map((v) => `${v.field}: ${v.description}`);
  const more = violations.length - named.length;
  return more > 0 ? `${named.join('; ')}; and ${more} more` : named.join('; ');
}

export function badField(field: string, description: string): InputError {
  return new InputError([{ field, description }]);
}
