/**
 * A tiny local HTTP server (127.0.0.1, port 0) that answers each request with the next step of a
 * script, and records what it received. Used to drive the Graph client through exact sequences.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-listen.js';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One scripted answer. `drop` destroys the socket without answering; `hang` never answers. */
export type Step =
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string }
  | 'drop'
  | 'hang';

export interface ScriptedServer {
  origin: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startScriptedServer(script: Step[]): Promise<ScriptedServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      // The last step repeats, so "always 429" is a one-element script.
      const step = script[Math.min(received.length, script.length) - 1] ?? { status: 500 };
      answer(step, res);
    });
  });
  const listener = await listenOnLoopback(server);
  return {
    origin: listener.origin,
    received,
    close: listener.close,
  };
}

function answer(step: Step, res: ServerResponse): void {
  if (step === 'drop') {
    res.socket?.destroy();
    return;
  }
  if (step === 'hang') return;
  if (step.json !== undefined) {
    res.writeHead(step.status, { 'content-type': 'application/json', ...step.headers });
    res.end(JSON.stringify(step.json));
    return;
  }
  res.writeHead(step.status, step.headers);
  res.end(step.text ?? '');
}

/** Graph's error envelope, as real Graph sends it. */
export function graphErrorBody(
  code: string,
  message: string,
  requestId = 'b6a5f998-94c8-430d-846d-2eaae3031492',
) {
  return { error: { code, message, innerError: { date: '2024-05-01T10:11:12', 'request-id': requestId } } };
}
