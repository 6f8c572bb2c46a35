// A TLS-terminating TCP front for the plain-HTTP emulator: our handler then pays for TLS as the SDK does.
import net from 'node:net';
import tls from 'node:tls';
import type { Certificate } from './self-signed.ts';

export interface TlsFront {
  url: string;
  close(): Promise<void>;
}

export async function startTlsFront(upstreamPort: number, certificate: Certificate): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = tls.createServer({ cert: certificate.cert, key: certificate.key }, (client) => {
    // Nagle on either hop would hold small writes for the peer's delayed ACK (~40 ms): off, as Node's
    // own HTTP client and server have it.
    const upstream = net.connect({ port: upstreamPort, host: '127.0.0.1', noDelay: true });
    client.setNoDelay(true);
    track(client);
    track(upstream);
    // Either side ending or failing ends the pair: no half-open connections are left behind.
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  server.on('connection', track);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    url: `https://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
