import { connect } from 'node:net';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startScriptedOriginForTest } from './scripted-origin.js';
import { transportForTest } from './test-transport.js';

/** The fake origin the Graph, identity and pass-through tests trust: it must do what it says. */
describe('startScriptedOrigin', () => {
  const send = (origin: string, method: string, path: string, body?: string) =>
    request(`${origin}${path}`, { method: method as 'GET', body, dispatcher: transportForTest() });

  it("answers each route's Nth request with its Nth answer, repeating the last, counting routes apart", async () => {
    const graph = await startScriptedOriginForTest({
      'GET /v1.0/flaky': [{ status: 503 }, { status: 204 }],
      'POST /v1.0/flaky': { status: 201, json: { id: 'u1' } },
    });
    const statuses = [];
    for (const method of ['GET', 'POST', 'GET', 'GET', 'POST']) {
      const response = await send(
        graph.origin,
        method,
        '/v1.0/flaky?$top=1',
        method === 'POST' ? '{}' : undefined,
      );
      await response.body.text();
      statuses.push(response.statusCode);
    }
    expect(statuses).toEqual([503, 201, 204, 204, 201]);
    expect(graph.received.map((r) => [r.method, r.url, r.path, r.body])).toEqual([
      ['GET', '/v1.0/flaky?$top=1', '/v1.0/flaky', ''],
      ['POST', '/v1.0/flaky?$top=1', '/v1.0/flaky', '{}'],
      ['GET', '/v1.0/flaky?$top=1', '/v1.0/flaky', ''],
      ['GET', '/v1.0/flaky?$top=1', '/v1.0/flaky', ''],
      ['POST', '/v1.0/flaky?$top=1', '/v1.0/flaky', '{}'],
    ]);
  });

  it('serves JSON and raw bodies with their headers, "*" for anything else, and Graph\'s 404 when nothing fits', async () => {
    const graph = await startScriptedOriginForTest({
      'GET /photo': {
        status: 200,
        headers: { 'content-type': 'image/png' },
        body: Buffer.from([0x89, 0x50]),
      },
      'GET /json': { status: 200, json: { value: [] }, headers: { 'request-id': 'r1' } },
    });
    const photo = await send(graph.origin, 'GET', '/photo');
    expect(Buffer.from(await photo.body.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50]));
    const json = await send(graph.origin, 'GET', '/json');
    expect(json.headers).toMatchObject({ 'content-type': 'application/json', 'request-id': 'r1' });
    expect(await json.body.json()).toEqual({ value: [] });
    const missing = await send(graph.origin, 'DELETE', '/json');
    expect(missing.statusCode).toBe(404);
    expect(await missing.body.json()).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });

    const anything = await startScriptedOriginForTest({ '*': [{ status: 429 }, { status: 200 }] });
    const first = await send(anything.origin, 'GET', '/a');
    const second = await send(anything.origin, 'POST', '/b');
    await Promise.all([first.body.text(), second.body.text()]);
    expect([first.statusCode, second.statusCode]).toEqual([429, 200]);
  });

  it('answers late with delayMs, drops the connection with "drop", and never answers with "hang"', async () => {
    const graph = await startScriptedOriginForTest({
      'GET /late': { status: 200, delayMs: 150 },
      'GET /drop': 'drop',
      'GET /hang': 'hang',
    });
    const started = performance.now();
    const late = await send(graph.origin, 'GET', '/late');
    await late.body.text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await expect(send(graph.origin, 'GET', '/drop')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    const hung = request(`${graph.origin}/hang`, { dispatcher: transportForTest({ headersTimeoutMs: 200 }) });
    await expect(hung).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(graph.received.map((r) => r.path)).toEqual(['/late', '/drop', '/hang']);
  });

  it('counts a connection that never sends a request, so a decoy shows any contact at all', async () => {
    const decoy = await startScriptedOriginForTest({ '*': { status: 200 } });
    expect(decoy.connections()).toBe(0);
    const [host, port] = decoy.hostPort.split(':');
    const socket = connect(Number(port), host);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.destroy();
    await expect.poll(() => decoy.connections()).toBe(1);
    expect(decoy.received).toEqual([]);
  });
});
