// gRPC codes, their HTTP statuses (the Yandex Cloud REST mapping) and the error the routes throw.

export const Code = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type CodeName = keyof typeof Code;

const HTTP_STATUS_BY_CODE: Record<number, number> = {
  1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429,
  9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401,
};

// Several codes share an HTTP status; an injected status gets the code a client most likely expects.
const CODE_BY_HTTP_STATUS: Record<number, number> = {
  400: Code.INVALID_ARGUMENT, 401: Code.UNAUTHENTICATED, 403: Code.PERMISSION_DENIED, 404: Code.NOT_FOUND,
  405: Code.UNIMPLEMENTED, 409: Code.ABORTED, 429: Code.RESOURCE_EXHAUSTED, 499: Code.CANCELLED,
  500: Code.INTERNAL, 501: Code.UNIMPLEMENTED, 503: Code.UNAVAILABLE, 504: Code.DEADLINE_EXCEEDED,
};

export function httpStatusForCode(code: number): number {
  return HTTP_STATUS_BY_CODE[code] ?? 500;
}

export function codeForHttpStatus(status: number): number {
  return CODE_BY_HTTP_STATUS[status] ?? Code.UNKNOWN;
}

export function codeName(code: number): string {
  const entry = Object.entries(Code).find(([, value]) => value === code);
  return entry ? entry[0] : `CODE_${code}`;
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
