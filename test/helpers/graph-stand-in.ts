/**
 * A programmable Graph origin on 127.0.0.1:0 for pass-through tests the emulator has no resource
 * for (binary bodies, oversized bodies, scripted 503s). Routes are keyed by "METHOD /path"; every
 * request is recorded with its headers. Paired with a token provider stand-in, it needs no
 * identity endpoint.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { CloudEndpoints, Connection } from '../../src/config/connection.js';
import type { TokenProvider } from '../../src/identity/token-provider.js';
import { listenOnLoopback } from './loopback-listen.js';

export interface StandInRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type StandInRoute = (res: ServerResponse, hit: number, request: StandInRequest) => void;

export interface GraphStandIn {
  origin: string;
  received: StandInRequest[];
  close(): Promise<void>;
}

export async function startGraphStandIn(routes: Record<string, StandInRoute>): Promise<GraphStandIn> {
  const received: StandInRequest[] = [];
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const key = `${request.method} ${request.url.split('?')[0]}`;
      const hit = (hits.get(key) ?? 0) + 1;
      hits.set(key, hit);
      const route = routes[key];
      if (route) return route(res, hit, request);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'Request_ResourceNotFound', message: `No stand-in for ${key}` } }),
      );
    });
  });
  const listener = await listenOnLoopback(server);
  return {
    origin: listener.origin,
    received,
    close: listener.close,
  };
}

/** Hands out `token-for-<clientId>` and records which connection and cloud each token was for. */
export class RecordingTokens implements TokenProvider {
  readonly asked: Array<{ connection: Connection; cloud: CloudEndpoints }> = [];
  async getToken(connection: Connection, cloud: CloudEndpoints): Promise<string> {
    this.asked.push({ connection, cloud });
    return `token-for-${connection.clientId}`;
  }
  async invalidate(): Promise<void> {}
  async close(): Promise<void> {}
}
