import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { spawnServer } from '../helpers/server-process.js';

describe('server process', () => {
  it('refuses to start with an unwritable SQLite path, naming STATE_STORE_URL and the path', async () => {
    // A regular file where a directory should be: unwritable even for root.
    const blocker = join(tmpdir(), `eum-not-a-directory-${process.pid}`);
    writeFileSync(blocker, '');
    const path = join(blocker, 'state.db');
    const server = spawnServer({ PORT: '0', STATE_STORE_URL: `sqlite:${path}` });
    const code = await server.exit;
    expect(code).not.toBe(0);
    expect(server.output()).toMatch(/STATE_STORE_URL/);
    expect(server.output()).toContain(path);
    expect(server.output()).not.toMatch(/^\s+at /m); // one clear line, no stack trace
  }, 30_000);

  it('finishes all 200 in-flight calls after SIGTERM and exits 0', async () => {
    const server = spawnServer({
      PORT: '0',
      STATE_STORE_URL: 'memory:',
      GRAPH_TENANT_CONCURRENCY: '256',
      GRAPH_MAX_CONNECTIONS: '256',
      RATE_LIMIT_PER_MINUTE: '0',
      SHUTDOWN_GRACE_MS: '20000',
    });
    const address = await server.address;
    const emulator = /"emulator":"(http:\/\/[^"]+)"/.exec(server.output())?.[1];
    expect(emulator).toBeDefined();
    const client = new Agent({ connections: 256 });
    try {
      const armed = await request(`${emulator}/_emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'GET', path: '/users/', latencyMs: 1000 }),
        dispatcher: client,
      });
      expect(armed.statusCode).toBe(201);
      await armed.body.dump();

      const calls = Array.from({ length: 200 }, async () => {
        const response = await request(`${address}/capabilities/read-user`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userId: "o'brien@contoso.onmicrosoft.com" }),
          dispatcher: client,
        });
        await response.body.dump();
        return response.statusCode;
      });
      // SIGTERM only once every call has reached Graph (each is held by the latency fault).
      for (;;) {
        const faults = await request(`${emulator}/_emulator/faults`, { dispatcher: client });
        const body = (await faults.body.json()) as { rules: Array<{ hits: number }> };
        if ((body.rules[0]?.hits ?? 0) >= 200) break;
        await delay(20);
      }
      server.child.kill('SIGTERM');
      const statuses = await Promise.all(calls);
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      expect(await server.exit).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
      await client.close();
    }
  }, 60_000);
});
