/**
 * The long-lived undici Agent every Graph (and token) request goes through. undici's defaults are
 * unlimited connections per origin and 300 s header and body timeouts; a service must bound both.
 */
import { Agent } from 'undici';

export interface TransportOptions {
  /** Sockets per origin (default 64). Beyond this, requests queue inside the agent. */
  connections?: number;
  /** TCP + TLS handshake limit (default 5 000 ms). */
  connectTimeoutMs?: number;
  /** Time to the response headers (default 30 000 ms). */
  headersTimeoutMs?: number;
  /** Longest gap between body chunks (default 30 000 ms). */
  bodyTimeoutMs?: number;
  /** Idle keep-alive before a socket is closed (default 30 000 ms; tests use ~10). */
  keepAliveTimeoutMs?: number;
}

export function createTransport(options: TransportOptions = {}): Agent {
  const keepAlive = options.keepAliveTimeoutMs ?? 30_000;
  return new Agent({
    connections: options.connections ?? 64,
    // Graph's front door support for pipelining is unknown, and head-of-line blocking is a risk.
    pipelining: 1,
    connect: { timeout: options.connectTimeoutMs ?? 5_000 },
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    bodyTimeout: options.bodyTimeoutMs ?? 30_000,
    keepAliveTimeout: keepAlive,
    keepAliveMaxTimeout: Math.max(keepAlive, 60_000),
  });
}
