import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { type ServerProcess, spawnServer } from '../helpers/server-process.js';

async function post(url: string, body: unknown) {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies ad hoc
  return { status: response.statusCode, body: (await response.body.json()) as any };
}

describe('the server process', () => {
  const started: ServerProcess[] = [];
  afterAll(() => {
    for (const server of started) server.child.kill('SIGKILL');
  });

  it('starts the sandbox with no configuration, serves a user cycle and /docs, and stops cleanly on SIGTERM', async () => {
    const server = spawnServer({ PORT: '0', STATE_STORE_URL: 'memory:' });
    started.push(server);
    const address = await server.address;
    expect(address.startsWith('http://127.0.0.1:')).toBe(true);
    expect(server.output()).toMatch(/SANDBOX MODE/);
    expect(server.output()).toContain(`${address}/docs`);

    const created = await post(`${address}/capabilities/create-user`, {
      createUserAccountEnabled: true,
      createUserDisplayName: 'Sandbox Person',
      createUserMailNickname: 'sandbox.person',
      createUserPrincipalName: 'sandbox.person@contoso.onmicrosoft.com',
      createUserPassword: 'Sandbox-Pa55word!',
    });
    expect(created.status).toBe(200);
    const read = await post(`${address}/capabilities/read-user`, {
      userId: 'sandbox.person@contoso.onmicrosoft.com',
    });
    expect(read.body.output.rawResponse.displayName).toBe('Sandbox Person');

    const docs = await request(`${address}/docs/`);
    expect(docs.statusCode).toBe(200);
    expect(await docs.body.text()).toContain('swagger');
    const ready = await request(`${address}/readyz`);
    expect(ready.statusCode).toBe(200);
    await ready.body.dump();

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.output()).not.toContain('Sandbox-Pa55word!');
  });

  it('refuses to start with a bad value, naming the variable', async () => {
    const server = spawnServer({ PORT: 'not-a-port' });
    started.push(server);
    expect(await server.exit).toBe(78);
    expect(server.output()).toContain('PORT');
  });

  it('refuses to go live without API keys', async () => {
    const server = spawnServer({
      AZURE_TENANT_ID: '11111111-1111-4111-8111-111111111111',
      AZURE_CLIENT_ID: '22222222-2222-4222-8222-222222222222',
      AZURE_CLIENT_SECRET: 'live-secret-never-printed',
    });
    started.push(server);
    expect(await server.exit).toBe(78);
    expect(server.output()).toContain('API_KEYS');
    expect(server.output()).not.toContain('live-secret-never-printed');
  });

  it('starts live without a default connection and says so, in one start line that names no secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'start-line-'));
    const connections = join(dir, 'connections.json');
    const secret = 'named-connection-secret~never-printed';
    writeFileSync(
      connections,
      JSON.stringify({
        payroll: {
          tenantId: '11111111-1111-4111-8111-111111111111',
          clientId: '22222222-2222-4222-8222-222222222222',
          clientSecret: secret,
        },
      }),
    );
    const server = spawnServer({
      PORT: '0',
      GRAPH_MODE: 'live',
      API_KEYS: 'start-line-key-0123456789',
      CONNECTIONS_FILE: connections,
      STATE_STORE_URL: 'memory:',
    });
    started.push(server);
    await server.address;
    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    const start = lines.filter((line) => line.mode !== undefined);
    expect(start).toHaveLength(1);
    expect(start[0]).toMatchObject({
      level: 30,
      mode: 'live',
      graph: 'https://graph.microsoft.com',
      authority: 'https://login.microsoftonline.com',
      store: 'memory:',
      auth: 'on',
      defaultConnection: false,
      connections: ['payroll'],
    });
    const warning = lines.find((line) => line.level === 40 && /no default connection/.test(line.msg));
    expect(warning?.msg).toContain('AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are not set');
    expect(server.output()).not.toContain(secret);
    expect(server.output()).not.toContain('start-line-key-0123456789');
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });
});
