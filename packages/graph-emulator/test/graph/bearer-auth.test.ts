import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_UPNS } from '../../src/seed/demo-tenant.js';
import { graphCall, type Harness, postToken, send, startHarness, tokenFor } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 10 });
});
afterAll(() => h.emulator.close());

async function expectInvalidToken(authorization: string | undefined, message: string) {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  const res = await send(`${h.emulator.origin}/v1.0/users`, { headers });
  expect(res.status).toBe(401);
  expect(res.json.error.code).toBe('InvalidAuthenticationToken');
  expect(res.json.error.message).toBe(message);
  expect(res.headers['www-authenticate']).toContain('Bearer');
}

describe('Graph bearer validation', () => {
  it('rejects a missing or empty token', async () => {
    await expectInvalidToken(undefined, 'Access token is empty.');
    await expectInvalidToken('Bearer ', 'Access token is empty.');
  });

  it('rejects a token that is not a JWT', async () => {
    await expectInvalidToken('Bearer not-a-jwt', 'CompactToken parsing failed with error code: 80049217');
  });

  it('rejects a token whose signature does not match', async () => {
    const [header, payload] = h.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    claims.tid = '00000000-0000-4000-8000-000000000000';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${h.token.split('.')[2]}`;
    await expectInvalidToken(`Bearer ${forged}`, 'Access token validation failure.');
  });

  it('rejects a token issued for another resource', async () => {
    const res = await postToken(h.emulator.origin, {
      tenant: h.emulator.demo.tenantId,
      clientId: h.emulator.demo.clientId,
      clientSecret: h.emulator.demo.clientSecret,
      scope: 'https://vault.azure.net/.default',
    });
    await expectInvalidToken(
      `Bearer ${res.json.access_token}`,
      'Access token validation failure. Invalid audience.',
    );
  });

  it('accepts a token whose audience is the emulator origin itself', async () => {
    const res = await postToken(h.emulator.origin, {
      tenant: h.emulator.demo.tenantId,
      clientId: h.emulator.demo.clientId,
      clientSecret: h.emulator.demo.clientSecret,
      scope: `${h.emulator.origin}/.default`,
    });
    const call = await graphCall(h.emulator.origin, res.json.access_token, '/v1.0/users?$top=1');
    expect(call.status).toBe(200);
  });

  it('rejects tokens made expired by expireTokens(), and accepts fresh ones', async () => {
    const emulator = h.emulator;
    const token = await tokenFor(emulator.origin, emulator.demo);
    expect((await graphCall(emulator.origin, token, '/v1.0/users?$top=1')).status).toBe(200);
    emulator.state.expireTokens(emulator.demo.tenantId);
    const res = await graphCall(emulator.origin, token, '/v1.0/users?$top=1');
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Lifetime validation failed, the token is expired.',
    });
    const fresh = await tokenFor(emulator.origin, emulator.demo);
    expect((await graphCall(emulator.origin, fresh, '/v1.0/users?$top=1')).status).toBe(200);
  });

  it('expires tokens through the admin API as well', async () => {
    const token = await tokenFor(h.emulator.origin, h.emulator.demo);
    const admin = await send(`${h.emulator.origin}/_emulator/tokens/expire`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(admin.status).toBe(204);
    expect((await graphCall(h.emulator.origin, token, '/v1.0/users?$top=1')).status).toBe(401);
  });

  it('echoes client-request-id, sets request-id, and fills innerError', async () => {
    const res = await send(`${h.emulator.origin}/v1.0/users/x`, {
      headers: { 'client-request-id': 'abc-123' },
    });
    expect(res.headers['client-request-id']).toBe('abc-123');
    expect(res.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.json.error.innerError).toEqual({
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      'request-id': res.headers['request-id'],
      'client-request-id': 'abc-123',
    });
  });

  it('uses the request-id as client-request-id when the client sent none', async () => {
    const res = await send(`${h.emulator.origin}/v1.0/users`);
    expect(res.headers['client-request-id']).toBe(res.headers['request-id']);
  });

  it('counts Graph requests in /_emulator/stats', async () => {
    const before = (await send(`${h.emulator.origin}/_emulator/stats`)).json.graphRequests;
    await send(`${h.emulator.origin}/v1.0/users`);
    await send(`${h.emulator.origin}/beta/users`);
    const after = (await send(`${h.emulator.origin}/_emulator/stats`)).json.graphRequests;
    expect(after).toBe(before + 2);
  });
});

describe('tenant isolation', () => {
  it('a token acts only in its own tenant', async () => {
    const created = await send(`${h.emulator.origin}/_emulator/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ domains: ['fabrikam.onmicrosoft.com'] }),
    });
    expect(created.status).toBe(201);
    const fabrikam = created.json;
    expect(fabrikam.domain).toBe('fabrikam.onmicrosoft.com');
    const fabrikamToken = await tokenFor(h.emulator.origin, fabrikam);
    const contosoToken = await tokenFor(h.emulator.origin, h.emulator.demo);

    const post = await graphCall(h.emulator.origin, fabrikamToken, '/v1.0/users', {
      method: 'POST',
      body: {
        accountEnabled: true,
        displayName: 'Isolated User',
        mailNickname: 'isolated',
        userPrincipalName: 'isolated@fabrikam.onmicrosoft.com',
        passwordProfile: { password: 'Str0ng!Passw0rd' },
      },
    });
    expect(post.status).toBe(201);
    const path = `/v1.0/users/${post.json.id}`;
    expect((await graphCall(h.emulator.origin, fabrikamToken, path)).status).toBe(200);
    expect((await graphCall(h.emulator.origin, contosoToken, path)).status).toBe(404);
    // The demo tenant's users are invisible from the new tenant, too.
    const guest = `/v1.0/users/${encodeURIComponent(FIXTURE_UPNS.guest)}`;
    expect((await graphCall(h.emulator.origin, fabrikamToken, guest)).status).toBe(404);
    // A tenant app cannot get a token from another tenant's authority.
    const cross = await postToken(h.emulator.origin, {
      tenant: h.emulator.demo.tenantId,
      clientId: fabrikam.clientId,
      clientSecret: fabrikam.clientSecret,
    });
    expect(cross.json.error_codes).toEqual([700016]);
  });
});
