import { connect, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import type { GraphCaller, GraphRequest } from '../../src/graph/graph-request.js';
import { startTestService } from '../helpers/test-service.js';

/** A Graph stand-in that answers after a pause, so requests are in flight when the app closes. */
function slowGraph(pauseMs: number): GraphCaller & { started: number } {
  return {
    started: 0,
    cloud: { graphBaseUrl: 'http://127.0.0.1:9', authorityHost: 'http://127.0.0.1:9' },
    async send<T>(request: GraphRequest) {
      this.started += 1;
      await delay(pauseMs);
      return { status: 200, headers: {}, body: { id: request.path, displayName: 'Slow' } as T };
    },
  };
}

describe('graceful shutdown', () => {
  it('lets in-flight calls finish, then refuses new ones while closing', async () => {
    const graph = slowGraph(1_500);
    const service = await startTestService({ dependencies: { graph } });
    const inFlight = Array.from({ length: 20 }, (_, i) =>
      service.call('read-user', { userId: `user${i}@contoso.onmicrosoft.com` }),
    );
    while (graph.started < 20) await delay(10);

    let closed = false;
    const closing = service.close().then(() => {
      closed = true;
    });
    while (service.app.server.listening) await delay(5);
    // The late call goes out while the 20 calls are still running and the service is still closing.
    const late = await service.call('read-user', { userId: 'late@contoso.onmicrosoft.com' }).then(
      (result) => result.status,
      () => 'refused' as const,
    );
    expect(closed).toBe(false);
    expect([503, 'refused']).toContain(late);
    expect(graph.started).toBe(20); // the late call never reached Graph

    const results = await Promise.all(inFlight);
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(result.body.output.rawResponse.displayName).toBe('Slow');
    }
    await closing;
  });

  it('a request arriving while the instance closes gets problem+json 503 SHUTTING_DOWN with Retry-After', async () => {
    const service = await startTestService();
    const { port } = new URL(service.url);
    // A connection whose request has begun (so closing the listener does not drop it as idle)...
    const accepted = new Promise<Socket>((resolve) => service.app.server.once('connection', resolve));
    const socket = connect(Number(port), '127.0.0.1');
    const serverSide = await accepted;
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    const ended = new Promise((resolve) => socket.once('close', resolve));
    const body = JSON.stringify({ userId: 'priya.quinn@contoso.onmicrosoft.com' });
    socket.write('POST /capabilities/read-user HTTP/1.1\r\nHost: localhost\r\n');
    while (serverSide.bytesRead === 0) await delay(5); // the server has read them: the connection is not idle
    // ...then the close starts: the listener is gone, the half-sent request still holds the server open.
    const closing = service.close();
    while (service.app.server.listening) await delay(5);
    socket.write(
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await ended;
    await closing;

    const [head = '', text = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head.toLowerCase()).toContain('content-type: application/problem+json');
    expect(head.toLowerCase()).toMatch(/\r\nretry-after: \d+/);
    expect(head.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(text)).toMatchObject({ status: 503, code: 'SHUTTING_DOWN', source: 'service' });
  });

  it('a keep-alive connection whose answer was still streaming when the close began is closed once it ends', async () => {
    // Node closes idle connections once, as the close begins. A streamed answer had sent its
    // keep-alive headers before that, so its connection turns idle later; left open, it would hold
    // the close until HTTP_KEEP_ALIVE_TIMEOUT_MS (a minute here).
    const service = await startTestService({ env: { HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000' } });
    const client = new Agent({ keepAliveTimeout: 120_000 });
    try {
      service.emulator.state.delta.update({ pageSize: 7 });
      // The second page of the delta round comes late: the answer's head and first page are out by then.
      service.emulator.state.faults.arm([
        { method: 'GET', path: '/users/delta', every: 2, count: 1, latencyMs: 800 },
      ]);
      const answer = await request(`${service.url}/capabilities/query-user-changes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userQuery: '$select=displayName' }),
        dispatcher: client,
      });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['connection']).toBe('keep-alive');

      let closed = false;
      const closing = service.close().then(() => {
        closed = true;
      });
      while (service.app.server.listening) await delay(5);
      // The late page is still on its way: the close waits for the answer.
      expect(closed).toBe(false);
      const body = (await answer.body.json()) as { output: { rawResponse: { value: unknown[] } } };
      expect(body.output.rawResponse.value.length).toBe(30);
      // Well inside the keep-alive timeout: the connection was closed as soon as the answer ended.
      const outcome = await Promise.race([
        closing.then(() => 'closed'),
        delay(10_000).then(() => 'still open'),
      ]);
      expect(outcome).toBe('closed');
    } finally {
      service.app.server.closeAllConnections();
      await client.close();
    }
  });
});
