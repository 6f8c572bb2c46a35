import { GRPC_CODES, type GrpcCodeName, httpStatusOf } from './grpc-codes.ts';

interface ErrorOptions {
  httpStatus?: number;
  details?: unknown[];
  requestId?: string;
  /** True when trying the same request again may succeed (throttling, an outage, a lost answer). */
  retryable?: boolean;
  /** True when the request may have reached the server and taken effect although no answer says so. */
  unconfirmed?: boolean;
  /** Extra headers an HTTP answer for this error carries (e.g. Allow on 405). */
  headers?: Record<string, string>;
  retryAfterMs?: number;
}

export interface StatusBody {
  code: number;
  message: string;
  details: unknown[];
}

/**
 * Every failure the functions report. The message starts with the code name, so a direct call that
 * throws it is marked failed by the platform with a readable reason; `description` is the same text
 * without the prefix, as the KMS REST error body carries it.
 */
export class GuardError extends Error {
  readonly code: GrpcCodeName;
  readonly description: string;
  readonly httpStatus: number;
  readonly details: unknown[];
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly unconfirmed: boolean;
  readonly headers: Record<string, string>;
  readonly retryAfterMs: number | undefined;

  constructor(code: GrpcCodeName, description: string, options: ErrorOptions = {}) {
    super(`${code}: ${description}`);
    this.name = 'GuardError';
    this.code = code;
    this.description = description;
    this.httpStatus = options.httpStatus ?? httpStatusOf(code);
    this.details = options.details ?? [];
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.unconfirmed = options.unconfirmed ?? false;
    this.headers = options.headers ?? {};
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The google.rpc.Status body the KMS REST API uses for errors: made only where an answer leaves. */
  toStatusBody(): StatusBody {
    return { code: GRPC_CODES[this.code], message: this.description, details: this.details };
  }
}

/** An error that did not come from our own code paths: reported without its message or stack. */
export function asGuardError(error: unknown): GuardError {
  if (error instanceof GuardError) return error;
  return new GuardError('INTERNAL', 'internal error');
}
