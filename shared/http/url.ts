/** Endpoint, path and query as one string: cheaper than URL and URLSearchParams on a sweep's hot path. */
export function joinUrl(endpoint: string, path: string, query: Record<string, string | number | undefined> = {}): string {
  let url = endpoint + path;
  let separator = '?';
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    url += `${separator}${name}=${encodeURIComponent(value)}`;
    separator = '&';
  }
  return url;
}

/** host[:port] of a URL, for messages: never its path or query. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the endpoint';
  }
}

/** A URL of 127.0.0.0/8, ::1 or localhost: a server on this machine, which plain http:// cannot expose. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
