// Maps a request line to a route of the KMS, Operation, Resource Manager or Monitoring API. The KMS
// custom-method paths put the verb after a colon in the last segment (/kms/v1/keys/{keyId}:rotate); the
// colon may arrive percent-encoded as %3A. One path may serve several methods (a key: GET, PATCH, DELETE).
import type { RouteName } from './types.ts';

type RouteMatch =
  | { kind: 'route'; route: RouteName; pathId: string }
  | { kind: 'wrong-method'; allow: string }
  | { kind: 'unknown' }
  | { kind: 'bad-encoding' };

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
/** The route each method of one path is served by. */
type Methods = Partial<Record<Method, RouteName>>;

const KEY_VERBS = new Map<string, RouteName>([
  ['rotate', 'rotate'],
  ['scheduleVersionDestruction', 'scheduleVersionDestruction'],
  ['cancelVersionDestruction', 'cancelVersionDestruction'],
]);

/** Paths with no ID in them. */
const FIXED_PATHS = new Map<string, Methods>([
  ['/kms/v1/keys', { GET: 'list', POST: 'create' }],
  ['/resource-manager/v1/clouds', { GET: 'listClouds' }],
  ['/resource-manager/v1/folders', { GET: 'listFolders' }],
  ['/monitoring/v2/data/write', { POST: 'monitoringWrite' }],
]);

const KEY_COLLECTIONS = new Map<string, RouteName>([
  ['versions', 'listVersions'],
  ['operations', 'listOperations'],
]);

/** A key itself: Get, Update (PATCH) and Delete, as the KMS REST API maps them. */
const KEY_METHODS: Methods = { GET: 'get', PATCH: 'update', DELETE: 'delete' };

export function matchRoute(method: string, pathname: string): RouteMatch {
  let segments: string[];
  try {
    segments = pathname
      .split('/')
      .slice(1)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return { kind: 'bad-encoding' };
  }
  const fixed = FIXED_PATHS.get(pathname);
  const found = fixed ? { methods: fixed, pathId: '' } : findKmsRoute(segments);
  if (!found) return { kind: 'unknown' };
  const route = found.methods[method as Method];
  if (!route) return { kind: 'wrong-method', allow: Object.keys(found.methods).join(', ') };
  return { kind: 'route', route, pathId: found.pathId };
}

function findKmsRoute(segments: string[]): { methods: Methods; pathId: string } | undefined {
  const [first, second, third, fourth, fifth, ...rest] = segments;
  if (first === 'operations' && second !== undefined && third === undefined) {
    return { methods: { GET: 'getOperation' }, pathId: second };
  }
  if (first !== 'kms' || second !== 'v1' || third !== 'keys' || rest.length > 0 || fourth === undefined) return undefined;
  if (fifth !== undefined) {
    const collection = KEY_COLLECTIONS.get(fifth);
    return collection && !fourth.includes(':') ? { methods: { GET: collection }, pathId: fourth } : undefined;
  }
  const colon = fourth.indexOf(':');
  if (colon < 0) return { methods: KEY_METHODS, pathId: fourth };
  const verbRoute = KEY_VERBS.get(fourth.slice(colon + 1));
  return verbRoute ? { methods: { POST: verbRoute }, pathId: fourth.slice(0, colon) } : undefined;
}
