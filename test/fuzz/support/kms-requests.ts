import type { RequestLogEntry } from '../../../local/emulator/index.ts';
import { isValidId } from './ids.ts';

// The only URLs the functions may build: from validated IDs, or an operation ID KMS itself answered with.
const KMS_PATH = /^\/kms\/v1\/keys(\/[A-Za-z0-9]{1,50}(\/versions|\/operations|:cancelVersionDestruction)?)?$/;
const OPERATION_PATH = /^\/operations\/[A-Za-z0-9]+$/;
/** Query parameters the client sets itself; user text may only ever be a value of one of them. */
const QUERY_NAMES = new Set(['pageSize', 'pageToken', 'folderId']);

/** What is wrong with the KMS requests a call made, if anything. */
export function requestProblems(requests: readonly RequestLogEntry[]): string[] {
  const problems: string[] = [];
  for (const request of requests) {
    const where = `${request.method} ${JSON.stringify(request.path)}`;
    if (!KMS_PATH.test(request.path) && !OPERATION_PATH.test(request.path))
      problems.push(`a KMS request to a path not built from validated IDs: ${where}`);
    if (request.keyId !== undefined && !isValidId(request.keyId))
      problems.push(`a KMS request for key ${JSON.stringify(request.keyId)}: ${where}`);
    if (request.route === 'cancelVersionDestruction') {
      const versionId = (request.body as { versionId?: unknown } | undefined)?.versionId;
      if (!isValidId(versionId)) problems.push(`a cancel request for version ${JSON.stringify(versionId)}: ${where}`);
    }
    const foreign = Object.keys(request.query).filter((name) => !QUERY_NAMES.has(name));
    if (foreign.length > 0) problems.push(`a KMS request with query parameters ${JSON.stringify(foreign)}: ${where}`);
    if (request.method !== (request.route === 'cancelVersionDestruction' ? 'POST' : 'GET')) problems.push(`an unexpected method: ${where}`);
    if (!request.authorized) problems.push(`a KMS request without the function's token: ${where}`);
  }
  return problems;
}
