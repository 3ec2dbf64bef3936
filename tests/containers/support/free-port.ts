import { createServer } from 'node:net';

/**
 * A TCP port the kernel says is free on loopback now (closed again before the caller binds
 * it): for services published on the host, or listening on the host's network, beside others.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
