/**
 * A decoy origin on 127.0.0.1 that counts every TCP connection and HTTP request reaching it. Hostile
 * endpoints are aimed at it; a non-zero count means the service sent something (perhaps a token)
 * somewhere other than the Graph origin.
 */
import { createServer } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback-listen.js';

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
  const listener = await listenOnLoopback(server);
  return {
    hostPort: listener.hostPort,
    connections: () => connections,
    requests: () => requests,
    close: listener.close,
  };
}
