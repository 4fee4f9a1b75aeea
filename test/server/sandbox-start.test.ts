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
});
