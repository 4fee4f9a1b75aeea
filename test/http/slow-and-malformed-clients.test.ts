import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { startTestService, type TestService } from '../helpers/test-service.js';

interface RawExchange {
  socket: Socket;
  /** Everything the server sent until it closed the connection, and when it closed it. */
  closed: Promise<{ text: string; afterMs: number }>;
}

/** A raw TCP client: sends `request` as given and records what comes back. */
function rawRequest(url: string, request: string): RawExchange {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const started = performance.now();
  let text = '';
  socket.on('data', (chunk) => {
    text += chunk.toString();
  });
  socket.on('error', () => {});
  socket.write(request);
  const closed = new Promise<{ text: string; afterMs: number }>((resolve) =>
    socket.on('close', () => resolve({ text, afterMs: performance.now() - started })),
  );
  return { socket, closed };
}

/** Waits for the close, failing (and closing the socket ourselves) after `ms`. */
async function closedWithin(exchange: RawExchange, ms: number) {
  const timer = setTimeout(() => exchange.socket.destroy(new Error('still open')), ms);
  const result = await exchange.closed;
  clearTimeout(timer);
  expect(result.afterMs, 'the server never closed the connection').toBeLessThan(ms);
  return result;
}

/** The status and problem body of a raw HTTP answer. */
function parseAnswer(text: string) {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  return { status, head: head.toLowerCase(), problem: JSON.parse(body) };
}

describe('clients that stall, flood or send broken HTTP', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({
      env: { HTTP_REQUEST_TIMEOUT_MS: '600', HTTP_HEADERS_TIMEOUT_MS: '400' },
    });
  });
  afterAll(() => service.close());

  it('closes a request whose body stalls, with a 408 problem', async () => {
    const exchange = rawRequest(
      service.url,
      'POST /capabilities/read-user HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"use',
    );
    const { text } = await closedWithin(exchange, 5_000);
    const answer = parseAnswer(text);
    expect(answer.status).toBe(408);
    expect(answer.head).toContain('content-type: application/problem+json');
    expect(answer.problem).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT', source: 'request' });
  });

  it('closes a request whose headers never end', async () => {
    const exchange = rawRequest(service.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n');
    const { text } = await closedWithin(exchange, 5_000);
    expect(parseAnswer(text).problem.code).toBe('REQUEST_TIMEOUT');
  });

  it.each([
    [
      'a bad Content-Length',
      'POST /capabilities/read-user HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    ],
    ['a malformed request line', 'GET /healthz HTTP/9 nonsense\r\n\r\n'],
    ['a header without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'],
  ])('answers %s with a 400 problem+json', async (_, request) => {
    const { text } = await closedWithin(rawRequest(service.url, request), 5_000);
    const answer = parseAnswer(text);
    expect(answer.status).toBe(400);
    expect(answer.head).toContain('content-type: application/problem+json');
    expect(answer.problem).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST', source: 'request' });
    expect(typeof answer.problem.requestId).toBe('string');
  });
});

describe('a connection cap', () => {
  let service: TestService;

  beforeAll(async () => {
    // Default timeouts: the idle connections below must stay open for the length of the test.
    service = await startTestService({ env: { HTTP_MAX_CONNECTIONS: '4' } });
  });
  afterAll(() => service.close());

  it('accepts no more connections than HTTP_MAX_CONNECTIONS at once, and takes new ones as others close', async () => {
    const idle = Array.from({ length: 4 }, () => rawRequest(service.url, ''));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = rawRequest(service.url, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      const { text } = await closedWithin(refused, 2_000);
      expect(text).toBe('');
      // A freed slot takes a new connection again.
      idle[0]!.socket.destroy();
      await idle[0]!.closed;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await service.http('GET', '/healthz')).status).toBe(200);
    } finally {
      for (const { socket } of idle) socket.destroy();
    }
  });
});

describe('HTTP server limits from the environment', () => {
  it('reads them, and refuses a headers timeout longer than the request timeout', () => {
    expect(loadConfig({})).toMatchObject({
      httpRequestTimeoutMs: 30_000,
      httpHeadersTimeoutMs: 10_000,
      httpKeepAliveTimeoutMs: 72_000,
      httpMaxConnections: 1024,
    });
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '2000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS/,
    );
  });
});
