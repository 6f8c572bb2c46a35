// What an HTTP request needs, in a module of its own that transport.ts imports on the first request:
// bundled, its top level (and node-fetch's, and Node's http, https and tls) then runs only when a call
// really reaches KMS, never at module load.
import http from 'node:http';
import https from 'node:https';
import fetch from 'node-fetch';

// One keep-alive agent per protocol for the life of the instance: warm invocations and every request of
// a sweep reuse open connections instead of paying a TCP and TLS handshake each time.
const httpAgent = new http.Agent({ keepAlive: true });
const httpsAgent = new https.Agent({ keepAlive: true });

export function agentFor(url: URL): http.Agent {
  return url.protocol === 'http:' ? httpAgent : httpsAgent;
}

export { fetch };
