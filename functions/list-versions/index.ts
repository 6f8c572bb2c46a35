import { createHandler } from '../../shared/edge/create-handler.ts';
import { requireMethod } from '../../shared/edge/methods.ts';
import { fieldsFromHttp, parseListVersionsInput } from './input.ts';
import { listVersions } from './list-versions.ts';
import { reportSweep } from './report-sweep.ts';

export const handler = createHandler('list-versions', {
  async http(request, invocation) {
    requireMethod(request, 'GET');
    const input = parseListVersionsInput(fieldsFromHttp(request));
    return { status: 200, body: await listVersions(input, invocation) };
  },
  async direct(input, invocation) {
    return listVersions(parseListVersionsInput(input), invocation);
  },
  timer: reportSweep,
});
