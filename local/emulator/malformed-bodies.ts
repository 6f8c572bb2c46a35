// Bodies for the `malformed` fault: a 200 answer a client must not trust.
import type { RouteName } from './types.ts';

/** 'json': cut off mid-way, so it does not parse. 'shape': valid JSON with the wrong field types. */
export function malformedBody(kind: 'json' | 'shape', route: RouteName): string {
  if (kind === 'json') return '{"id":"abj0000000000000000","status":"ACT';
  switch (route) {
    case 'listVersions':
      return JSON.stringify({ keyVersions: { id: 'abjv0000000000000001', status: 2 }, nextPageToken: 42 });
    case 'list':
      return JSON.stringify({ keys: 'abjk0000000000000001', nextPageToken: 42 });
    case 'listOperations':
      return JSON.stringify({ operations: { id: 42 }, nextPageToken: 42 });
    case 'listClouds':
      return JSON.stringify({ clouds: 'b1gc0000000000000001', nextPageToken: 42 });
    case 'listFolders':
      return JSON.stringify({ folders: [{ id: 42, status: 1 }], nextPageToken: [] });
    case 'monitoringWrite':
      return JSON.stringify({ writtenMetricsCount: 'many' });
    case 'get':
      return JSON.stringify({ id: 42, status: 1, primaryVersion: 'none' });
    default:
      return JSON.stringify({ id: 42, done: 'yes', metadata: [], response: 'ok' });
  }
}
