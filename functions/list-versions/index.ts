import { GuardError } from '../../shared/errors/guard-error.ts';
import { createHandler } from '../../shared/handler/create-handler.ts';
import { jsonResult } from '../../shared/http/responses.ts';
import { fieldsFromHttp, parseListVersionsInput } from './input.ts';
import { listVersions } from './list-versions.ts';
import { reportSweep } from './report-sweep.ts';

export const handler = createHandler('list-versions', {
  async http(request, invocation) {
    if (request.method !== 'GET') {
      // 405 with gRPC code UNIMPLEMENTED, as grpc-gateway answers a method a path does not serve.
      throw new GuardError('UNIMPLEMENTED', `method ${request.method.slice(0, 16)} is not allowed; use GET`, {
        httpStatus: 405,
        headers: { Allow: 'GET' },
      });
    }
    const input = parseListVersionsInput(fieldsFromHttp(request));
    return jsonResult(200, await listVersions(input, invocation));
  },
  async direct(input, invocation) {
    return listVersions(parseListVersionsInput(input), invocation);
  },
  timer: reportSweep,
});
