import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server that answers every ListVersions page with what `page(n)` returns, to play a KMS
 * that breaks the pagination contract in ways the emulator never would.
 */
export async function startPagingServer(
  page: (n: number) => unknown,
): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = http.createServer((_req, res) => {
    count++;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(page(count)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback server that answers every request with `body` gzip-compressed, as a proxy in front of KMS may. */
export async function startGzipServer(body: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const { gzipSync } = await import('node:zlib');
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    res.end(gzipSync(JSON.stringify(body)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
