import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator-app.js';
import { send } from '../emulator-harness.js';

let emu: RunningEmulator;
let host: string;
beforeAll(async () => {
  emu = await startEmulator({ seedUsers: 3 });
  host = new URL(emu.origin).host;
});
afterAll(() => emu.close());

describe('identity discovery documents', () => {
  it('instance discovery names this emulator host', async () => {
    const res = await send(
      `${emu.origin}/common/discovery/instance?api-version=1.1&authorization_endpoint=x`,
    );
    expect(res.status).toBe(200);
    expect(res.json.tenant_discovery_endpoint).toBe(
      `https://${host}/{tenant}/v2.0/.well-known/openid-configuration`,
    );
    expect(res.json.metadata).toEqual([{ preferred_network: host, preferred_cache: host, aliases: [host] }]);
  });

  it('the OpenID configuration uses the tenant GUID even when asked by domain', async () => {
    const res = await send(`${emu.origin}/Contoso.com/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const root = `https://${host}/${emu.demo.tenantId}`;
    expect(res.json).toMatchObject({
      token_endpoint: `${root}/oauth2/v2.0/token`,
      issuer: `${root}/v2.0`,
      jwks_uri: `${root}/discovery/v2.0/keys`,
      authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
    });
  });

  it('honours X-Forwarded-Proto: http for plain-HTTP clients', async () => {
    const res = await send(`${emu.origin}/${emu.demo.tenantId}/v2.0/.well-known/openid-configuration`, {
      headers: { 'x-forwarded-proto': 'http' },
    });
    expect(res.json.token_endpoint).toBe(`${emu.origin}/${emu.demo.tenantId}/oauth2/v2.0/token`);
  });

  it('an unknown tenant gets AADSTS90002', async () => {
    const res = await send(`${emu.origin}/nobody.example/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(400);
    expect(res.json.error_codes).toEqual([90002]);
  });

  it('serves an empty key set', async () => {
    const res = await send(`${emu.origin}/${emu.demo.tenantId}/discovery/v2.0/keys`);
    expect(res.json).toEqual({ keys: [] });
  });
});
