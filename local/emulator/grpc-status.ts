// gRPC codes, their HTTP statuses (the Yandex Cloud REST mapping) and the error the routes throw.
import {
  GRPC_CODES,
  httpStatusOf,
  codeForHttpStatus as sharedCodeForHttpStatus,
  codeName as sharedCodeName,
} from '../../shared/errors/grpc-codes.ts';

// The code table and HTTP mapping are the functions' own (shared/errors/grpc-codes.ts): the emulator
// and the client must never disagree on them.
export const Code = GRPC_CODES;

export function httpStatusForCode(code: number): number {
  const name = sharedCodeName(code);
  return name ? httpStatusOf(name) : 500;
}

/** Several codes share an HTTP status; an injected status gets the code a client most likely expects. */
export function codeForHttpStatus(status: number): number {
  return GRPC_CODES[sharedCodeForHttpStatus(status)];
}

export function codeName(code: number): string {
  return sharedCodeName(code) ?? `CODE_${code}`;
}

export interface FieldViolation {
  field: string;
  description: string;
}

/** google.rpc.Status as the REST API writes it (details filled in when answering). */
export interface StatusBody {
  code: number;
  message: string;
  details?: unknown[];
}

/** A KMS-style failure: thrown by the routes, turned into a Status body by the server. */
export class KmsError extends Error {
  readonly code: number;
  readonly httpStatus: number;
  readonly fieldViolations: FieldViolation[];

  constructor(code: number, message: string, options: { httpStatus?: number; fieldViolations?: FieldViolation[] } = {}) {
    super(message);
    this.name = 'KmsError';
    this.code = code;
    this.httpStatus = options.httpStatus ?? httpStatusForCode(code);
    this.fieldViolations = options.fieldViolations ?? [];
  }

  /** INVALID_ARGUMENT about one request field, named in the message and in a BadRequest detail. */
  static invalidField(field: string, description: string): KmsError {
    return new KmsError(Code.INVALID_ARGUMENT, `${field}: ${description}`, {
      fieldViolations: [{ field, description }],
    });
  }
}

export function statusBody(code: number, message: string, requestId: string, fieldViolations: FieldViolation[] = []): StatusBody {
  const details: unknown[] = [];
  if (fieldViolations.length > 0) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations });
  }
  details.push({ '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId });
  return { code, message, details };
}
