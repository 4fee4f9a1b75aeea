// The TLS emulator in-process: a real TLS handshake against the CA it made, and every link and
// discovery document naming the https origin it serves.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator-app.js';

let emulator: RunningEmulator;
let trusting: Agent;
beforeAll(async () => {
  emulator = await startEmulator({ tls: true, seedUsers: 12 });
  trusting = new Agent({ connect: { ca: emulator.caCertificate } });
}, 60_000);
afterAll(async () => {
  await trusting.close();
  await emulator.close();
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await request(`${emulator.origin}${path}`, { dispatcher: trusting, headers });
  const text = await res.body.text();
  return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
}

async function token(): Promise<string> {
  const { tenantId, clientId, clientSecret } = emulator.demo;
  const res = await request(`${emulator.origin}/${tenantId}/oauth2/v2.0/token`, {
    dispatcher: trusting,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  return ((await res.body.json()) as { access_token: string }).access_token;
}

describe('TLS mode', () => {
  it('serves https on localhost and writes its CA certificate to a file', () => {
    expect(emulator.origin).toMatch(/^https:\/\/localhost:\d+$/);
    expect(readFileSync(emulator.caCertificatePath!, 'utf8')).toBe(emulator.caCertificate);
    expect(emulator.caCertificate).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // Only a certificate: no private key anywhere near it.
    expect(emulator.caCertificate).not.toMatch(/PRIVATE KEY/);
  });

  it('refuses a client that does not trust its CA', async () => {
    await expect(request(`${emulator.origin}/_emulator/stats`)).rejects.toThrow(/certificate/i);
  });

  it('names its https origin in the discovery documents', async () => {
    const { tenantId } = emulator.demo;
    const instance = await get('/common/discovery/instance?api-version=1.1');
    expect(instance.json.tenant_discovery_endpoint).toBe(
      `${emulator.origin}/{tenant}/v2.0/.well-known/openid-configuration`,
    );
    const config = await get(`/${emulator.demo.domain}/v2.0/.well-known/openid-configuration`);
    expect(config.json).toMatchObject({
      token_endpoint: `${emulator.origin}/${tenantId}/oauth2/v2.0/token`,
      issuer: `${emulator.origin}/${tenantId}/v2.0`,
      authorization_endpoint: `${emulator.origin}/${tenantId}/oauth2/v2.0/authorize`,
      jwks_uri: `${emulator.origin}/${tenantId}/discovery/v2.0/keys`,
    });
  });

  it('writes https links in Graph answers, batch items included', async () => {
    const authorization = `Bearer ${await token()}`;
    const page = await get('/v1.0/users?$top=5', { authorization });
    expect(page.json['@odata.context']).toBe(`${emulator.origin}/v1.0/$metadata#users`);
    expect(page.json['@odata.nextLink'].startsWith(`${emulator.origin}/v1.0/users?`)).toBe(true);
    const delta = await get('/v1.0/users/delta?$deltatoken=latest', { authorization });
    expect(delta.json['@odata.deltaLink'].startsWith(`${emulator.origin}/v1.0/users/delta?`)).toBe(true);
    const res = await request(`${emulator.origin}/v1.0/$batch`, {
      dispatcher: trusting,
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/users?$top=5' }] }),
    });
    const batch = (await res.body.json()) as { responses: { body: Record<string, string> }[] };
    expect(batch.responses[0]!.body['@odata.nextLink']!.startsWith(`${emulator.origin}/v1.0/users?`)).toBe(
      true,
    );
  });
});

describe('the CA certificate file', () => {
  it('goes to a chosen path, which close() leaves in place; a temporary one is removed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'emulator-ca-test-'));
    try {
      const chosen = join(folder, 'nested', 'emulator-ca.pem');
      const withPath = await startEmulator({ tls: { caCertificatePath: chosen }, seedUsers: 3 });
      expect(withPath.caCertificatePath).toBe(chosen);
      await withPath.close();
      expect(existsSync(chosen)).toBe(true);

      const temporary = await startEmulator({ tls: true, seedUsers: 3 });
      const path = temporary.caCertificatePath!;
      expect(existsSync(path)).toBe(true);
      await temporary.close();
      expect(existsSync(path)).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it('is absent over plain HTTP', async () => {
    const plain = await startEmulator({ seedUsers: 3 });
    expect(plain.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(plain.caCertificatePath).toBeUndefined();
    await plain.close();
  });
});
