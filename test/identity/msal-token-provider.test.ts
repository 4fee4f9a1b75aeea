import { type RunningEmulator, startEmulator } from '@entra-user-management/graph-emulator';
import type { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CloudEndpoints, Connection } from '../../src/config/connection.js';
import { IdentityError } from '../../src/identity/identity-error.js';
import { MsalTokenProvider } from '../../src/identity/msal-token-provider.js';
import { Deadline } from '../../src/net/deadline.js';
import { createTransport } from '../../src/net/transport.js';

let emulator: RunningEmulator;
let cloud: CloudEndpoints;
let demo: Connection;
let agent: Agent;
let provider: MsalTokenProvider;

beforeAll(async () => {
  emulator = await startEmulator({ seedUsers: 5 });
  cloud = { authorityHost: emulator.origin, graphBaseUrl: 'https://graph.microsoft.com' };
  demo = {
    tenantId: emulator.demo.tenantId,
    clientId: emulator.demo.clientId,
    clientSecret: emulator.demo.clientSecret,
  };
});

afterAll(async () => {
  await emulator.close();
});

beforeEach(() => {
  agent = createTransport({ keepAliveTimeoutMs: 10 });
  provider = new MsalTokenProvider({ dispatcher: agent, timeoutMs: 5_000 });
});

afterEach(async () => {
  await provider.close();
  await agent.close();
});

let domainCounter = 0;
function newTenant(): Connection {
  domainCounter += 1;
  const t = emulator.state.addTenant({ domains: [`tenant${domainCounter}-${process.pid}.onmicrosoft.com`] });
  return { tenantId: t.tenantId, clientId: t.clientId, clientSecret: t.clientSecret };
}

describe('MsalTokenProvider against the emulator', () => {
  it('serves many calls from one token request per tenant', async () => {
    const conn = newTenant();
    const first = await provider.getToken(conn, cloud);
    for (let i = 0; i < 20; i++) expect(await provider.getToken(conn, cloud)).toBe(first);
    expect(emulator.state.tokenRequests(conn.tenantId)).toBe(1);
    expect(provider.networkTokenRequests).toBe(1);
  });

  it('merges 10 concurrent first calls into exactly one token request', async () => {
    const conn = newTenant();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.getToken(conn, cloud)));
    expect(new Set(tokens).size).toBe(1);
    expect(emulator.state.tokenRequests(conn.tenantId)).toBe(1);
  });

  it('never shares a token between two tenants', async () => {
    const a = newTenant();
    const b = newTenant();
    const [ta, tb] = await Promise.all([provider.getToken(a, cloud), provider.getToken(b, cloud)]);
    expect(ta).not.toBe(tb);
    expect(emulator.state.tokenRequests(a.tenantId)).toBe(1);
    expect(emulator.state.tokenRequests(b.tenantId)).toBe(1);
    expect(provider.clientCount).toBe(2);
  });

  it('treats the tenant id case-insensitively (one client, one token)', async () => {
    const conn = newTenant();
    await provider.getToken(conn, cloud);
    await provider.getToken({ ...conn, tenantId: conn.tenantId.toUpperCase() }, cloud);
    expect(emulator.state.tokenRequests(conn.tenantId)).toBe(1);
  });

  it('fails a wrong secret with invalid_client 7000215 even while the right secret has a cached token', async () => {
    const conn = newTenant();
    await provider.getToken(conn, cloud);
    const wrong = { ...conn, clientSecret: 'definitely-not-the-secret' };
    const err = await provider.getToken(wrong, cloud).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    expect(err).toMatchObject({ upstreamStatus: 401, error: 'invalid_client', errorCodes: [7000215] });
    const e = err as IdentityError;
    expect(e.description).toMatch(/^AADSTS7000215: Invalid client secret provided/);
    expect(e.description).not.toMatch(/Trace ID|Correlation ID|Timestamp/);
    expect(`${e.message} ${e.description} ${e.stack}`).not.toContain('definitely-not-the-secret');
    // and the right secret still works from cache
    await provider.getToken(conn, cloud);
    expect(emulator.state.tokenRequests(conn.tenantId)).toBe(2);
  });

  it('reports an unknown tenant as AADSTS90002', async () => {
    const err = await provider
      .getToken({ ...demo, tenantId: 'no-such-tenant.onmicrosoft.com' }, cloud)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    expect(err).toMatchObject({ upstreamStatus: 400, errorCodes: [90002] });
  });

  it('reports an unknown app as unauthorized_client AADSTS700016', async () => {
    const err = await provider
      .getToken({ ...demo, clientId: '00000000-0000-0000-0000-000000000001' }, cloud)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ upstreamStatus: 400, error: 'unauthorized_client', errorCodes: [700016] });
  });

  it('rejects a malformed tenant id locally, without a network call', async () => {
    const err = await provider.getToken({ ...demo, tenantId: '../evil' }, cloud).catch((e: unknown) => e);
    expect(err).toMatchObject({ error: 'invalid_request', errorCodes: [900023] });
    expect(provider.networkTokenRequests).toBe(0);
  });

  it('fetches a new token after invalidate', async () => {
    const conn = newTenant();
    await provider.getToken(conn, cloud);
    await provider.invalidate(conn, cloud);
    await provider.getToken(conn, cloud);
    expect(emulator.state.tokenRequests(conn.tenantId)).toBe(2);
  });

  it('keeps at most maxClients confidential clients', async () => {
    const small = new MsalTokenProvider({ dispatcher: agent, maxClients: 2 });
    for (let i = 0; i < 3; i++) await small.getToken(newTenant(), cloud);
    expect(small.clientCount).toBe(2);
    await small.close();
  });

  it('lets an aborted caller go while the shared acquisition completes for the others', async () => {
    const conn = newTenant();
    const controller = new AbortController();
    const abandoned = provider.getToken(conn, cloud, new Deadline(60_000, controller.signal));
    const kept = provider.getToken(conn, cloud);
    controller.abort();
    await expect(abandoned).rejects.toMatchObject({ error: 'timeout' });
    expect(typeof (await kept)).toBe('string');
    expect(emulator.state.tokenRequests(conn.tenantId)).toBe(1);
  });
});
