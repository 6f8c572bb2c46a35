// Which function a request path reaches, and how. Paths are matched before any percent-decoding so
// an encoded `/` inside a key ID stays inside that parameter.
import type { GatewayMatch } from './gateway-event.ts';
import type { HttpMethod } from './types.ts';

type Route =
  | { kind: 'gateway'; functionName: string; match: GatewayMatch }
  | { kind: 'function-url'; functionName: string }
  | { kind: 'timer'; functionName: string }
  | { kind: 'wrong-method'; allow: string; message: string }
  | { kind: 'gateway-wrong-method'; allow: HttpMethod; method: string }
  | { kind: 'bad-path'; message: string }
  | { kind: 'no-route' };

/** The methods Cloud Functions accepts (its event type allows no others). */
const FUNCTION_METHODS: readonly HttpMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

interface GatewayRoute {
  method: HttpMethod;
  specPath: string;
  functionName: string;
  pattern: RegExp;
}

// The API Gateway spec this project deploys. The colon may arrive encoded (`%3A`): clients differ.
const GATEWAY_ROUTES: readonly GatewayRoute[] = [
  {
    method: 'GET',
    specPath: '/keys/{keyId}/versions',
    functionName: 'list-versions',
    pattern: /^\/keys\/([^/]+)\/versions$/,
  },
  {
    method: 'POST',
    specPath: '/keys/{keyId}:cancelVersionDestruction',
    functionName: 'cancel-version-destruction',
    pattern: /^\/keys\/([^/]+?)(?::|%3[aA])cancelVersionDestruction$/,
  },
];

/** null when the segment's percent-encoding is broken (`%zz`, a lone `%`, invalid UTF-8). */
function decodeOnce(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function badEncoding(rawPath: string): Route {
  return { kind: 'bad-path', message: `malformed percent-encoding in path ${rawPath}` };
}

export function matchRoute(method: string, rawPath: string): Route {
  for (const route of GATEWAY_ROUTES) {
    const found = route.pattern.exec(rawPath);
    if (!found) continue;
    // A real gateway routes only the spec's methods and never calls the function for others. It would
    // answer 404; we answer as the function does on its own URL (405, Allow, the KMS error body), which
    // tells a developer on a laptop what went wrong and keeps one error shape on the /keys routes.
    if (method !== route.method) return { kind: 'gateway-wrong-method', allow: route.method, method };
    const keyId = decodeOnce(found[1]!);
    if (keyId === null) return badEncoding(rawPath);
    return { kind: 'gateway', functionName: route.functionName, match: { specPath: route.specPath, pathParams: { keyId } } };
  }

  const direct = /^\/(functions|timers)\/([^/]+)\/?$/.exec(rawPath);
  if (!direct) return { kind: 'no-route' };
  const functionName = decodeOnce(direct[2]!);
  if (functionName === null) return badEncoding(rawPath);
  if (direct[1] === 'timers') {
    if (method !== 'POST') return { kind: 'wrong-method', allow: 'POST', message: 'a timer fires with POST' };
    return { kind: 'timer', functionName };
  }
  if (!(FUNCTION_METHODS as readonly string[]).includes(method)) {
    return { kind: 'wrong-method', allow: FUNCTION_METHODS.join(', '), message: `Cloud Functions does not accept ${method}` };
  }
  return { kind: 'function-url', functionName };
}

export const ROUTE_SUMMARY = [
  ...GATEWAY_ROUTES.map((route) => `${route.method} ${route.specPath}`),
  'ANY /functions/{name}[?integration=raw]',
  'POST /timers/{name}',
];
