import { execFileSync } from 'node:child_process';
import {
  constants,
  createHash,
  createPrivateKey,
  type KeyObject,
  randomUUID,
  sign,
  X509Certificate,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator-app.js';
import { type HttpResult, postToken, send } from '../emulator-harness.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'repo:contoso/app:environment:prod';

interface Pair {
  key: KeyObject;
  der: Buffer;
  pem: string;
}

let emu: RunningEmulator;
let dir: string;
let registered: Pair;
let stranger: Pair;

/** A self-signed certificate from the system's openssl, made now: no key is committed. */
function makeCertificate(name: string): Pair {
  const keyFile = join(dir, `${name}.key`);
  const certFile = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  const pem = readFileSync(certFile, 'utf8');
  return { key: createPrivateKey(readFileSync(keyFile)), der: new X509Certificate(pem).raw, pem };
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function assertion(
  pair: Pair,
  options: { alg?: 'RS256' | 'PS256'; thumbprintOf?: Pair; claims?: Record<string, unknown> } = {},
): string {
  const alg = options.alg ?? 'PS256';
  const der = (options.thumbprintOf ?? pair).der;
  const header =
    alg === 'PS256'
      ? { alg, typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') }
      : { alg, typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') };
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: `${emu.origin.replace('http:', 'https:')}/${emu.demo.tenantId}/oauth2/v2.0/token`,
    iss: emu.demo.clientId,
    sub: emu.demo.clientId,
    jti: randomUUID(),
    nbf: now,
    exp: now + 600,
    ...options.claims,
  };
  const input = `${b64(header)}.${b64(claims)}`;
  const padding =
    alg === 'PS256'
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : { padding: constants.RSA_PKCS1_PADDING };
  return `${input}.${sign('sha256', Buffer.from(input), { key: pair.key, ...padding }).toString('base64url')}`;
}

function withAssertion(jwt: string): Promise<HttpResult> {
  return postToken(emu.origin, {
    tenant: emu.demo.tenantId,
    clientId: emu.demo.clientId,
    extra: { client_assertion_type: JWT_BEARER, client_assertion: jwt },
  });
}

function expectRefused(res: HttpResult, status: number, code: number) {
  expect(res.status).toBe(status);
  expect(res.json.error_codes).toEqual([code]);
  expect(res.json.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
}

function claimsOf(token: string) {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'emu-certs-'));
  registered = makeCertificate('registered');
  stranger = makeCertificate('stranger');
  emu = await startEmulator({ seedUsers: 1 });
  emu.state.addAppCertificate(emu.demo.tenantId, emu.demo.clientId, registered.pem);
  emu.state.addFederatedCredential(emu.demo.tenantId, emu.demo.clientId, {
    issuer: ISSUER,
    subject: SUBJECT,
  });
});

afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('client assertions signed with a certificate', () => {
  it.each(['PS256', 'RS256'] as const)('accepts %s with the matching thumbprint header', async (alg) => {
    const res = await withAssertion(assertion(registered, { alg }));
    expect(res.status).toBe(200);
    const claims = claimsOf(res.json.access_token);
    expect(claims.appid).toBe(emu.demo.clientId);
  });

  it('accepts the tenant by domain in aud, as MSAL writes it when configured so', async () => {
    const aud = `${emu.origin}/${emu.demo.domain}/oauth2/v2.0/token`;
    expect((await withAssertion(assertion(registered, { claims: { aud } }))).status).toBe(200);
  });

  it('refuses a certificate not uploaded to the app (700027, key not found)', async () => {
    const res = await withAssertion(assertion(stranger));
    expectRefused(res, 401, 700027);
    expect(res.json.error_description).toContain('The key was not found');
  });

  it("refuses a registered certificate's thumbprint over another key's signature", async () => {
    const res = await withAssertion(assertion(stranger, { thumbprintOf: registered }));
    expectRefused(res, 401, 700027);
    expect(res.json.error_description).toContain('signature validation');
  });

  it('refuses another audience, a subject other than the client, an expired or malformed assertion', async () => {
    expectRefused(
      await withAssertion(assertion(registered, { claims: { aud: 'https://elsewhere/token' } })),
      401,
      700027,
    );
    expectRefused(await withAssertion(assertion(registered, { claims: { sub: randomUUID() } })), 401, 700021);
    const past = Math.floor(Date.now() / 1000) - 3600;
    expectRefused(
      await withAssertion(assertion(registered, { claims: { nbf: past - 600, exp: past } })),
      401,
      700024,
    );
    expectRefused(await withAssertion('not.a-jwt'), 400, 50027);
  });
});

describe('federated assertions (workload identity)', () => {
  const federated = (input: { issuer?: string; subject?: string; audience?: string }) =>
    withAssertion(emu.state.mintFederatedToken({ issuer: ISSUER, subject: SUBJECT, ...input }));

  it('accepts a token whose issuer, subject and audience match a federated credential', async () => {
    expect((await federated({})).status).toBe(200);
  });

  it('names what does not match: issuer, subject (and case), audience', async () => {
    expectRefused(await federated({ issuer: 'https://other.example' }), 401, 700211);
    expectRefused(await federated({ subject: 'repo:contoso/other:ref:refs/heads/main' }), 401, 700213);
    expectRefused(await federated({ subject: SUBJECT.toUpperCase() }), 401, 7002138);
    expectRefused(await federated({ audience: 'api://other' }), 401, 700212);
  });

  it('refuses a token with the right claims that its issuer did not sign', async () => {
    const genuine = emu.state.mintFederatedToken({ issuer: ISSUER, subject: SUBJECT });
    const [header, payload] = genuine.split('.');
    const forged = `${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), stranger.key).toString('base64url')}`;
    expectRefused(await withAssertion(forged), 401, 50013);
  });
});

describe('GET /msi/token (App Service managed identity endpoint)', () => {
  const msi = (query: string, header = emu.state.managedIdentity.header) =>
    send(`${emu.origin}/msi/token?api-version=2019-08-01&resource=https://graph.microsoft.com${query}`, {
      headers: { 'x-identity-header': header },
    });

  it('refuses a request without the IDENTITY_HEADER secret, and an identity the resource lacks', async () => {
    expect((await msi('', 'wrong')).status).toBe(401);
    const none = await msi('');
    expect(none.status).toBe(400);
    expect(none.json.message).toBe('Unable to load the proper Managed Identity.');
  });

  it('issues tokens for the system-assigned and user-assigned identities', async () => {
    const system = emu.state.managedIdentity.enableSystemAssigned({
      tenantId: emu.demo.tenantId,
      roles: ['User.Read.All'],
    });
    const user = emu.state.managedIdentity.assignUserAssigned({ tenantId: emu.demo.tenantId });
    const first = await msi('');
    expect(first.status).toBe(200);
    expect(Object.keys(first.json).sort()).toEqual([
      'access_token',
      'client_id',
      'expires_on',
      'resource',
      'token_type',
    ]);
    expect(first.json.expires_on).toMatch(/^\d+$/);
    expect(claimsOf(first.json.access_token)).toMatchObject({
      appid: system.clientId,
      oid: system.objectId,
      roles: ['User.Read.All'],
    });
    const second = await msi(`&client_id=${user.clientId}`);
    expect(claimsOf(second.json.access_token)).toMatchObject({ appid: user.clientId, oid: user.objectId });
    expect((await msi(`&client_id=${randomUUID()}`)).status).toBe(400);
  });
});

describe('the admin routes that set these credentials up over HTTP', () => {
  const admin = (path: string, body: unknown) =>
    send(`${emu.origin}/_emulator${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('uploads a certificate, adds a federated credential, mints a federated token', async () => {
    const tenant = emu.state.addTenant({ domains: ['admin-creds.onmicrosoft.com'] });
    const other = makeCertificate('admin');
    const app = `/tenants/${tenant.tenantId}/apps/${tenant.clientId}`;
    expect((await admin(`${app}/certificates`, { certificate: 'not a PEM' })).status).toBe(400);
    expect((await admin(`${app}/certificates`, { certificate: other.pem })).status).toBe(204);
    expect(
      (
        await admin(`/tenants/${tenant.tenantId}/apps/${randomUUID()}/certificates`, {
          certificate: other.pem,
        })
      ).status,
    ).toBe(400);
    expect((await admin(`${app}/federated-credentials`, { issuer: ISSUER, subject: 'sub-1' })).status).toBe(
      204,
    );
    const minted = await admin('/federated-tokens', { issuer: ISSUER, subject: 'sub-1' });
    expect(minted.status).toBe(201);
    const res = await postToken(emu.origin, {
      tenant: tenant.tenantId,
      clientId: tenant.clientId,
      extra: { client_assertion_type: JWT_BEARER, client_assertion: minted.json.token },
    });
    expect(res.status).toBe(200);
  });

  it('adds a managed identity and answers the IDENTITY_HEADER value', async () => {
    expect(
      (await admin('/managed-identities', { type: 'userAssigned', tenantId: 'nowhere.example' })).status,
    ).toBe(400);
    const created = await admin('/managed-identities', { type: 'userAssigned', tenantId: emu.demo.domain });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      tenantId: emu.demo.tenantId,
      identityHeader: emu.state.managedIdentity.header,
    });
    const token = await send(
      `${emu.origin}/msi/token?api-version=2019-08-01&resource=https://graph.microsoft.com&client_id=${created.json.clientId}`,
      { headers: { 'x-identity-header': created.json.identityHeader } },
    );
    expect(token.status).toBe(200);
  });
});
