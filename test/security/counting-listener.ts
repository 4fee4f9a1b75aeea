/**
 * A decoy origin on 127.0.0.1 that counts every TCP connection and HTTP request reaching it. Hostile
 * endpoints are aimed at it; a non-zero count means the service sent something (perhaps a token)
 * somewhere other than the Graph origin.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingListener {
  /** host:port, to splice into hostile values. */
  hostPort: string;
  connections(): number;
  requests(): number;
  close(): Promise<void>;
}

export async function startCountingListener(): Promise<CountingListener> {
  let connections = 0;
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"decoy":true}');
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    hostPort: `127.0.0.1:${port}`,
    connections: () => connections,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
