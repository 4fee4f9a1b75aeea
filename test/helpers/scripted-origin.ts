/**
 * The one fake origin for tests that need exact answers the emulator cannot give: a real HTTP
 * listener on 127.0.0.1:0 (Graph, a token endpoint, or a decoy nothing may reach) that answers each
 * route from a script and records every connection and request it got. Scripted answers can also
 * be late, a dropped connection or none.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { onTestFinished } from 'vitest';
import { listenOnLoopback } from './loopback-listen.js';

/**
 * One scripted answer: a status with headers and a body (`json` is serialised and typed as JSON,
 * `body` goes as it is), sent after `delayMs` if given; or `'drop'` (the socket is destroyed
 * without an answer) or `'hang'` (nothing is ever answered).
 */
export type Answer =
  | {
      status: number;
      headers?: Record<string, string>;
      json?: unknown;
      body?: string | Uint8Array;
      delayMs?: number;
    }
  | 'drop'
  | 'hang';

/**
 * Routes keyed `"METHOD /path"` (the query string does not count), or `"*"` for every request no
 * other key matches. A route answers its Nth request with its Nth answer; the last answer repeats,
 * so "always 429" is one answer and "503, then 204" is two. Unscripted routes answer Graph's 404.
 */
export type Script = Record<string, Answer | readonly Answer[]>;

export interface ReceivedRequest {
  method: string;
  /** The request target as it arrived, query string included. */
  url: string;
  /** `url` without its query string. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScriptedOrigin {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>` */
  hostPort: string;
  /** Every request, in the order they arrived (recorded before it is answered). */
  received: ReceivedRequest[];
  /** TCP connections accepted: for a decoy, proof that nothing reached it, not even a handshake. */
  connections(): number;
  close(): Promise<void>;
}

export async function startScriptedOrigin(script: Script): Promise<ScriptedOrigin> {
  const received: ReceivedRequest[] = [];
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url,
        path: url.split('?')[0] ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const exact = `${request.method} ${request.path}`;
      const key = Object.hasOwn(script, exact) ? exact : Object.hasOwn(script, '*') ? '*' : undefined;
      if (key === undefined) {
        answer(res, {
          status: 404,
          json: graphErrorBody('Request_ResourceNotFound', `Nothing scripted for ${exact}`),
        });
        return;
      }
      const hit = (hits.get(key) ?? 0) + 1;
      hits.set(key, hit);
      const answers = [script[key]].flat() as Answer[];
      answer(res, answers[Math.min(hit, answers.length) - 1] ?? { status: 500 });
    });
  });
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  const listener = await listenOnLoopback(server);
  return {
    origin: listener.origin,
    hostPort: listener.hostPort,
    received,
    connections: () => connections,
    close: listener.close,
  };
}

/** Starts an origin that closes itself when the current test ends (call it inside a test). */
export async function startScriptedOriginForTest(script: Script): Promise<ScriptedOrigin> {
  const origin = await startScriptedOrigin(script);
  onTestFinished(() => origin.close());
  return origin;
}

function answer(res: ServerResponse, step: Answer): void {
  if (step === 'drop') {
    res.socket?.destroy();
    return;
  }
  if (step === 'hang') return;
  const send = () => {
    if (step.json !== undefined) {
      res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
      res.end(JSON.stringify(step.json));
      return;
    }
    res.writeHead(step.status, step.headers);
    res.end(step.body ?? '');
  };
  if (step.delayMs === undefined) send();
  else setTimeout(send, step.delayMs);
}

/** Graph's error envelope, as real Graph sends it. */
export function graphErrorBody(
  code: string,
  message: string,
  requestId = 'b6a5f998-94c8-430d-846d-2eaae3031492',
) {
  return { error: { code, message, innerError: { date: '2024-05-01T10:11:12', 'request-id': requestId } } };
}
