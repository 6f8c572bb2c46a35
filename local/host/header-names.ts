// Header names as the platform (a Go service) spells them, and the headers it strips or refuses.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Go's canonical form: `x-forwarded-for` → `X-Forwarded-For`; a name that is not a token stays as is. */
export function canonicalHeaderName(name: string): string {
  if (!TOKEN.test(name)) return name;
  return name.toLowerCase().replace(/(^|-)([a-z])/g, (_all, dash: string, letter: string) => dash + letter.toUpperCase());
}

const canonicalSet = (names: string[]): ReadonlySet<string> => new Set(names.map(canonicalHeaderName));

/** Never reach the function: hop-by-hop headers and the caller's credentials. */
export const REQUEST_HEADERS_REMOVED = canonicalSet([
  'Expect',
  'Te',
  'Trailer',
  'Upgrade',
  'Proxy-Authenticate',
  'Authorization',
  'Connection',
  'Content-Md5',
  'Max-Forwards',
  'Server',
  'Transfer-Encoding',
  'Www-Authenticate',
  'Cookie',
]);

export const RESPONSE_HEADERS_DROPPED = canonicalSet(['Host', 'Authorization', 'User-Agent', 'Connection', 'Max-Forwards', 'Cookie']);

/** The platform fails the call when a function sets one of these. */
export const RESPONSE_HEADERS_REJECTED = canonicalSet(['Proxy-Authenticate', 'Transfer-Encoding', 'Via']);

/** The platform keeps these under `X-Yf-Remapped-<name>` so its own values win. */
export const RESPONSE_HEADERS_REMAPPED = canonicalSet(['Content-Md5', 'Date', 'Server', 'Www-Authenticate']);
export const REMAPPED_PREFIX = 'X-Yf-Remapped-';
