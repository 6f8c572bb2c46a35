import { GuardError } from '../errors/guard-error.ts';
import type { HttpRequest } from './http-request.ts';

/** 405 with gRPC code UNIMPLEMENTED and an Allow header, as grpc-gateway answers a method a path does not serve. */
export function methodNotAllowed(method: string, allowed: string): GuardError {
  return new GuardError('UNIMPLEMENTED', `method ${method.slice(0, 16)} is not allowed; use ${allowed}`, {
    httpStatus: 405,
    headers: { Allow: allowed },
  });
}

export function requireMethod(request: HttpRequest, allowed: 'GET' | 'POST'): void {
  if (request.method !== allowed) throw methodNotAllowed(request.method, allowed);
}
