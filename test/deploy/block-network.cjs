// Preloaded (NODE_OPTIONS=--require) into every process the deploy-config test starts, so that no run of
// the Serverless Framework or of a bundle can reach a cloud: each TCP connection or name lookup fails at
// once and is written to BLOCK_NETWORK_LOG, which the test then expects to be empty.
'use strict';
const dns = require('node:dns');
const fs = require('node:fs');
const net = require('node:net');
const { syncBuiltinESMExports } = require('node:module');

function refused(what) {
  if (process.env.BLOCK_NETWORK_LOG) fs.appendFileSync(process.env.BLOCK_NETWORK_LOG, `${what}\n`);
  return Object.assign(new Error(`network blocked by the deploy-config test: ${what}`), { code: 'ECONNREFUSED' });
}

// Every TCP client (http, https, tls, http2, fetch, gRPC) ends up here; a local socket path may pass.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connectBlocked(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const isLocalSocket = typeof first === 'string' ? !/^\d+$/.test(first) : typeof first?.path === 'string';
  if (isLocalSocket) return connect.apply(this, args);
  const target = typeof first === 'object' && first !== null ? `${first.host ?? 'localhost'}:${first.port}` : String(first);
  const error = refused(`connect ${target}`);
  process.nextTick(() => this.destroy(error));
  return this;
};

dns.lookup = function lookupBlocked(hostname, ...rest) {
  const callback = rest.find((arg) => typeof arg === 'function');
  const error = refused(`lookup ${hostname}`);
  if (callback) process.nextTick(() => callback(error));
};
dns.promises.lookup = async (hostname) => {
  throw refused(`lookup ${hostname}`);
};
syncBuiltinESMExports();
