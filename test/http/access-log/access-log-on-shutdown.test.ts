import { setTimeout as delay } from 'node:timers/promises';
import { FIXTURE_UPNS } from '@entra-user-management/graph-emulator';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from '../../helpers/server-process.js';

interface AccessLine {
  msg: string;
  requestId: string;
  status: number;
  capability?: string;
  tenantId?: string;
  graphStatus?: number | string;
  graphRetries?: number;
}

/**
 * stdout is written asynchronously (pino's SonicBoom), so a line can still be in the process's
 * buffer when SIGTERM arrives. The service as shipped (default level, default rate limit), its
 * stdout a pipe read by this test as a container runtime would: every answered request has exactly
 * one access line once the process has exited and its output has been read to the end.
 */
describe('access lines on SIGTERM', () => {
  it('loses none of the lines of requests answered before SIGTERM', async () => {
    const server = spawnServer({ PORT: '0', STATE_STORE_URL: 'memory:' });
    const address = await server.address;
    const sent = Array.from({ length: 200 }, (_, index) => `before-${index}`);
    const statuses = await Promise.all(
      sent.map(async (requestId) => {
        const response = await request(`${address}/healthz`, { headers: { 'x-request-id': requestId } });
        await response.body.dump();
        return response.statusCode;
      }),
    );
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    await server.closed;

    expect(requestIdsOf(accessLines(server))).toEqual(sent.toSorted());
  }, 60_000);

  it('writes exactly one line for each of the calls still in flight when SIGTERM arrives', async () => {
    const server = spawnServer({
      PORT: '0',
      STATE_STORE_URL: 'memory:',
      GRAPH_TENANT_CONCURRENCY: '256',
      GRAPH_MAX_CONNECTIONS: '256',
      SHUTDOWN_GRACE_MS: '20000',
    });
    const client = new Agent({ connections: 256 });
    try {
      const address = await server.address;
      const emulator = /"emulator":"(http:\/\/[^"]+)"/.exec(server.output())?.[1];
      expect(emulator).toBeDefined();
      // Graph holds every read, so that all the calls are still running when SIGTERM comes.
      const armed = await request(`${emulator}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'GET', path: '/users/', latencyMs: 1000 }),
        dispatcher: client,
      });
      expect(armed.statusCode).toBe(201);
      await armed.body.dump();

      const sent = Array.from({ length: 200 }, (_, index) => `in-flight-${index}`);
      const calls = sent.map(async (requestId) => {
        const response = await request(`${address}/capabilities/read-user`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-request-id': requestId },
          body: JSON.stringify({ userId: FIXTURE_UPNS.apostrophe }),
          dispatcher: client,
        });
        await response.body.dump();
        return response.statusCode;
      });
      await untilGraphHasSeen(client, `${emulator}/_emulator/faults`, sent.length);
      server.child.kill('SIGTERM');

      const statuses = await Promise.all(calls);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(await server.exit).toBe(0);
      await server.closed;

      const lines = accessLines(server);
      expect(requestIdsOf(lines)).toEqual(sent.toSorted());
      for (const line of lines) {
        expect(line).toMatchObject({
          status: 200,
          capability: 'read-user',
          graphStatus: 200,
          graphRetries: 0,
        });
        expect(line.tenantId).toEqual(expect.any(String));
      }
    } finally {
      server.child.kill('SIGKILL');
      await client.close();
    }
  }, 60_000);
});

/** Every stdout line is JSON (one that is not fails the test); the access lines are those with `"msg": "request"`. */
function accessLines(server: ServerProcess): AccessLine[] {
  return server
    .stdout()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AccessLine)
    .filter((line) => line.msg === 'request');
}

function requestIdsOf(lines: AccessLine[]): string[] {
  return lines.map((line) => line.requestId).toSorted();
}

/** Waits until the emulator's (only) fault rule has been hit `count` times. */
async function untilGraphHasSeen(client: Agent, faultsUrl: string, count: number): Promise<void> {
  for (;;) {
    const faults = await request(faultsUrl, { dispatcher: client });
    const body = (await faults.body.json()) as { rules: Array<{ hits: number }> };
    if ((body.rules[0]?.hits ?? 0) >= count) return;
    await delay(20);
  }
}
