import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator-app.js';
import { graphCall } from '../emulator-harness.js';

let emu: RunningEmulator;
let host: string;
beforeAll(async () => {
  emu = await startEmulator({ seedUsers: 10 });
  host = new URL(emu.origin).host;
});
afterAll(() => emu.close());

/** MSAL insists on https authorities; this client sends them to the emulator's http origin. */
function emulatorNetworkClient(origin: string, seen: string[]): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions) => {
    const target = url.replace(/^https:\/\/[^/]+/, origin);
    seen.push(`${method} ${new URL(target).pathname}`);
    const res = await request(target, {
      method,
      headers: options?.headers,
      body: method === 'POST' ? options?.body : undefined,
    });
    const text = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers))
      headers[k] = Array.isArray(v) ? v.join(', ') : String(v ?? '');
    return {
      status: res.statusCode,
      headers,
      body: (text ? JSON.parse(text) : {}) as T,
    } satisfies NetworkResponse<T>;
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

function cca(authorityMetadata: boolean, seen: string[], secret = emu.demo.clientSecret) {
  return new ConfidentialClientApplication({
    auth: {
      clientId: emu.demo.clientId,
      clientSecret: secret,
      authority: `https://${host}/${emu.demo.tenantId}`,
      knownAuthorities: [host],
      ...(authorityMetadata
        ? {
            authorityMetadata: JSON.stringify({
              issuer: `https://${host}/{tenant}/v2.0`,
              token_endpoint: `https://${host}/{tenant}/oauth2/v2.0/token`,
              authorization_endpoint: `https://${host}/{tenant}/oauth2/v2.0/authorize`,
              jwks_uri: `https://${host}/{tenant}/discovery/v2.0/keys`,
              end_session_endpoint: `https://${host}/{tenant}/oauth2/v2.0/logout`,
            }),
          }
        : {}),
    },
    system: { networkClient: emulatorNetworkClient(emu.origin, seen) },
  });
}

describe('MSAL Node against the emulator', () => {
  it('gets a token that Graph accepts, and serves the second call from its cache', async () => {
    const seen: string[] = [];
    const client = cca(true, seen);
    const before = emu.state.tokenRequests(emu.demo.tenantId);
    const result = await client.acquireTokenByClientCredential({ scopes: [`${emu.origin}/.default`] });
    expect(result?.accessToken).toBeTruthy();
    const again = await client.acquireTokenByClientCredential({ scopes: [`${emu.origin}/.default`] });
    expect(again?.fromCache).toBe(true);
    expect(emu.state.tokenRequests(emu.demo.tenantId)).toBe(before + 1);
    expect(seen).toEqual([`POST /${emu.demo.tenantId}/oauth2/v2.0/token`]);

    const user = emu.state.getUser(emu.demo.tenantId, "o'brien@contoso.onmicrosoft.com")!;
    const res = await graphCall(emu.origin, result!.accessToken, `/v1.0/users/${user.id}`);
    expect(res.status).toBe(200);
    expect(res.json.userPrincipalName).toBe(user.userPrincipalName);
  });

  it('works from the OpenID discovery document when no authorityMetadata is given', async () => {
    const seen: string[] = [];
    const result = await cca(false, seen).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect(result?.accessToken).toBeTruthy();
    expect(seen).toEqual([
      `GET /${emu.demo.tenantId}/v2.0/.well-known/openid-configuration`,
      `POST /${emu.demo.tenantId}/oauth2/v2.0/token`,
    ]);
  });

  it('surfaces the STS error code for a wrong secret', async () => {
    const attempt = cca(true, [], 'not-the-secret').acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    await expect(attempt).rejects.toMatchObject({ errorCode: 'invalid_client' });
  });
});
