import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator-app.js';
import { startEmulator } from '../../src/emulator-app.js';
import { type HttpResult, postToken, send } from '../emulator-harness.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seedUsers: 5 });
});
afterAll(() => emu.close());

function demoRequest(overrides: Partial<Parameters<typeof postToken>[1]> = {}) {
  return postToken(emu.origin, {
    tenant: emu.demo.tenantId,
    clientId: emu.demo.clientId,
    clientSecret: emu.demo.clientSecret,
    ...overrides,
  });
}

function expectStsError(res: HttpResult, status: number, error: string, code: number) {
  expect(res.status).toBe(status);
  expect(res.json.error).toBe(error);
  expect(res.json.error_codes).toEqual([code]);
  expect(res.json.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(res.json.error_description).toContain(`\r\nTrace ID: ${res.json.trace_id}\r\nCorrelation ID: `);
  expect(res.json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  expect(res.json.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.text).not.toContain(emu.demo.clientSecret);
}

function claimsOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

describe('POST /{tenant}/oauth2/v2.0/token', () => {
  it('issues a JWT-shaped bearer token with Entra fields and no refresh_in', async () => {
    const res = await demoRequest({
      query: '?client-request-id=0f0e0d0c-0000-4000-8000-000000000001',
      extra: {
        'x-client-SKU': 'msal.js.node',
        'x-client-VER': '7.2.3',
        'x-ms-lib-capability': 'retry-after, h429',
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store, no-cache');
    expect(Object.keys(res.json).sort()).toEqual([
      'access_token',
      'expires_in',
      'ext_expires_in',
      'token_type',
    ]);
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
    const claims = claimsOf(res.json.access_token);
    expect(claims).toMatchObject({
      tid: emu.demo.tenantId,
      appid: emu.demo.clientId,
      aud: 'https://graph.microsoft.com',
    });
    expect(claims.exp - claims.iat).toBe(3599);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts the tenant as any verified domain, case-insensitively', async () => {
    const res = await demoRequest({ tenant: 'CONTOSO.com' });
    expect(res.status).toBe(200);
    expect(claimsOf(res.json.access_token).tid).toBe(emu.demo.tenantId);
  });

  it('accepts the client secret through HTTP Basic auth', async () => {
    const basic = Buffer.from(
      `${encodeURIComponent(emu.demo.clientId)}:${encodeURIComponent(emu.demo.clientSecret)}`,
    ).toString('base64');
    const res = await send(`${emu.origin}/${emu.demo.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      body: 'grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
    });
    expect(res.status).toBe(200);
  });

  it('answers an unknown tenant with 400 invalid_request AADSTS90002', async () => {
    const res = await demoRequest({ tenant: 'fabrikam.onmicrosoft.com' });
    expectStsError(res, 400, 'invalid_request', 90002);
    expect(res.json.error_description).toContain("Tenant 'fabrikam.onmicrosoft.com' not found.");
  });

  it('answers an unknown app with 400 unauthorized_client AADSTS700016', async () => {
    const res = await demoRequest({ clientId: '11111111-2222-4333-8444-555555555555' });
    expectStsError(res, 400, 'unauthorized_client', 700016);
    expect(res.json.error_description).toContain(
      "Application with identifier '11111111-2222-4333-8444-555555555555' was not found in the directory",
    );
  });

  it('answers a wrong secret with 401 invalid_client AADSTS7000215 and never echoes it', async () => {
    const res = await demoRequest({ clientSecret: 'wrong-secret-value-123' });
    expectStsError(res, 401, 'invalid_client', 7000215);
    expect(res.text).not.toContain('wrong-secret-value-123');
  });

  it('answers a scope without /.default with 400 invalid_scope AADSTS70011', async () => {
    const res = await demoRequest({ scope: 'https://graph.microsoft.com/User.Read.All' });
    expectStsError(res, 400, 'invalid_scope', 70011);
  });

  it('answers two resources in one scope with invalid_scope', async () => {
    const res = await demoRequest({
      scope: 'https://graph.microsoft.com/.default https://vault.azure.net/.default',
    });
    expectStsError(res, 400, 'invalid_scope', 70011);
  });

  it('answers another grant type with 400 unsupported_grant_type', async () => {
    const res = await demoRequest({ grantType: 'password' });
    expectStsError(res, 400, 'unsupported_grant_type', 70003);
  });

  it('answers a missing secret with 401 invalid_client', async () => {
    const res = await demoRequest({ clientSecret: undefined });
    expectStsError(res, 401, 'invalid_client', 7000218);
  });

  it('counts successful and failed token requests per tenant', async () => {
    const before = emu.state.tokenRequests(emu.demo.tenantId);
    const totalBefore = emu.state.tokenRequests();
    await demoRequest();
    await demoRequest({ clientSecret: 'nope-nope-nope' });
    await demoRequest({ tenant: 'contoso.com' });
    expect(emu.state.tokenRequests(emu.demo.tenantId)).toBe(before + 3);
    const stats = await send(`${emu.origin}/_emulator/stats`);
    expect(stats.json.tokenRequests[emu.demo.tenantId]).toBe(before + 3);
    expect(emu.state.tokenRequests()).toBe(totalBefore + 3);
  });
});
