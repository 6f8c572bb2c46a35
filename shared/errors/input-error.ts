import { GuardError } from './guard-error.ts';

export const BAD_REQUEST_TYPE = 'type.googleapis.com/google.rpc.BadRequest';

export interface FieldViolation {
  field: string;
  description: string;
}

/** Bad input: INVALID_ARGUMENT with a google.rpc.BadRequest detail naming each bad field. */
export class InputError extends GuardError {
  readonly fieldViolations: FieldViolation[];

  constructor(violations: FieldViolation[], httpStatus?: number) {
    super('INVALID_ARGUMENT', violations.map((v) => `${v.field}: ${v.description}`).join('; '), {
      httpStatus,
      details: [{ '@type': BAD_REQUEST_TYPE, fieldViolations: violations }],
    });
    this.name = 'InputError';
    this.fieldViolations = violations;
  }
}

export function badField(field: string, description: string): InputError {
  return new InputError([{ field, description }]);
}
