/**
 * Stands between the service and the emulator as "the Graph origin": records the request line and
 * headers of everything the service sends, then forwards it unchanged (Host included, so the
 * emulator's token audience check still sees the origin the token was issued for).
 */
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback-listen.js';

export interface Recorded {
  method: string;
  /** The request target exactly as it arrived on the request line. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface RecordingProxy {
  origin: string;
  recorded: Recorded[];
  /** Where to forward; set after start, since the service under test owns its emulator. */
  upstream: string | undefined;
  close(): Promise<void>;
}

export async function startRecordingProxy(): Promise<RecordingProxy> {
  const recorded: Recorded[] = [];
  const server = createServer((req, res) => {
    recorded.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (proxy.upstream === undefined) {
      res.writeHead(503).end();
      return;
    }
    const upstream = new URL(proxy.upstream);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  const listener = await listenOnLoopback(server);
  const proxy: RecordingProxy = {
    origin: listener.origin,
    recorded,
    upstream: undefined,
    close: listener.close,
  };
  return proxy;
}
