// Maps a request line to a route of the KMS, Operation, Resource Manager or Monitoring API. The KMS
// custom-method paths put the verb after a colon in the last segment (/kms/v1/keys/{keyId}:rotate); the
// colon may arrive percent-encoded as %3A.
import type { RouteName } from './types.ts';

type RouteMatch =
  | { kind: 'route'; route: RouteName; pathId: string }
  | { kind: 'wrong-method'; allow: string }
  | { kind: 'unknown' }
  | { kind: 'bad-encoding' };

const KEY_VERBS = new Map<string, RouteName>([
  ['rotate', 'rotate'],
  ['scheduleVersionDestruction', 'scheduleVersionDestruction'],
  ['cancelVersionDestruction', 'cancelVersionDestruction'],
]);

const POST_ROUTES: ReadonlySet<RouteName> = new Set([...KEY_VERBS.values(), 'monitoringWrite']);

/** Paths with no ID in them. */
const FIXED_PATHS = new Map<string, RouteName>([
  ['/resource-manager/v1/clouds', 'listClouds'],
  ['/resource-manager/v1/folders', 'listFolders'],
  ['/monitoring/v2/data/write', 'monitoringWrite'],
]);

const KEY_COLLECTIONS = new Map<string, RouteName>([
  ['versions', 'listVersions'],
  ['operations', 'listOperations'],
]);

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
  const found = fixed ? { route: fixed, pathId: '' } : findKmsRoute(segments);
  if (!found) return { kind: 'unknown' };
  const expected = POST_ROUTES.has(found.route) ? 'POST' : 'GET';
  if (method !== expected) return { kind: 'wrong-method', allow: expected };
  return { kind: 'route', ...found };
}

function findKmsRoute(segments: string[]): { route: RouteName; pathId: string } | undefined {
  const [first, second, third, fourth, fifth, ...rest] = segments;
  if (first === 'operations' && second !== undefined && third === undefined) {
    return { route: 'getOperation', pathId: second };
  }
  if (first !== 'kms' || second !== 'v1' || third !== 'keys' || rest.length > 0) return undefined;
  if (fourth === undefined) return { route: 'list', pathId: '' };
  if (fifth !== undefined) {
    const collection = KEY_COLLECTIONS.get(fifth);
    return collection && !fourth.includes(':') ? { route: collection, pathId: fourth } : undefined;
  }
  const colon = fourth.indexOf(':');
  if (colon < 0) return { route: 'get', pathId: fourth };
  const verbRoute = KEY_VERBS.get(fourth.slice(colon + 1));
  return verbRoute ? { route: verbRoute, pathId: fourth.slice(0, colon) } : undefined;
}
