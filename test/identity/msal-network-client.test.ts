import { describe, expect, it } from 'vitest';
import { createMsalNetworkClient, TokenTransportError } from '../../src/identity/msal-network-client.js';
import type { TransportFailureKind } from '../../src/net/transport-failure.js';
import { type Answer, type ScriptedOrigin, startScriptedOriginForTest } from '../helpers/scripted-origin.js';
import { transportForTest } from '../helpers/test-transport.js';

let tokenEndpoint: ScriptedOrigin;

async function clientFor(answers: Answer[], timeoutMs = 2_000) {
  const dispatcher = transportForTest();
  tokenEndpoint = await startScriptedOriginForTest({ '*': answers });
  const seen: { status?: number; failure?: TransportFailureKind; requests: number } = { requests: 0 };
  const client = createMsalNetworkClient({
    dispatcher,
    authorityOrigin: tokenEndpoint.origin,
    timeoutMs,
    observer: {
      onRequest: () => {
        seen.requests += 1;
      },
      onResponse: (status) => {
        seen.status = status;
      },
      onFailure: (failure) => {
        seen.failure = failure;
      },
    },
  });
  return { client, seen, host: tokenEndpoint.hostPort };
}

describe('createMsalNetworkClient', () => {
  it('sends https://<authority host> to the configured (http) origin with headers and body', async () => {
    const { client, seen, host } = await clientFor([
      { status: 200, json: { access_token: 'x' }, headers: { 'X-Ms-Request-Id': 'r1' } },
    ]);
    const res = await client.sendPostRequestAsync<{ access_token: string }>(
      `https://${host}/t1/oauth2/v2.0/token?client-request-id=c1`,
      {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: 'grant_type=client_credentials',
      },
    );
    expect(res).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'x-ms-request-id': 'r1' }),
      body: { access_token: 'x' },
    });
    expect(tokenEndpoint.received[0]).toMatchObject({
      method: 'POST',
      url: '/t1/oauth2/v2.0/token?client-request-id=c1',
      body: 'grant_type=client_credentials',
    });
    expect(seen).toMatchObject({ status: 200, requests: 1 });
  });

  it('returns error statuses to MSAL instead of throwing', async () => {
    const { client, host } = await clientFor([{ status: 400, json: { error: 'invalid_request' } }]);
    const res = await client.sendPostRequestAsync(`https://${host}/t/oauth2/v2.0/token`, { body: '' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request' });
  });

  it('turns a non-JSON body into an OAuth-shaped error object', async () => {
    const { client, host } = await clientFor([
      { status: 200, body: 'hello', headers: { 'content-type': 'text/plain' } },
    ]);
    const res = await client.sendGetRequestAsync<{ error: string }>(`https://${host}/x`);
    expect(res.body.error).toBe('invalid_response');
  });

  it('refuses to send anything to a host it was not configured for', async () => {
    const { client, seen } = await clientFor([{ status: 200, json: {} }]);
    await expect(
      client.sendPostRequestAsync('https://login.microsoftonline.com/t/oauth2/v2.0/token', {
        body: 'client_secret=x',
      }),
    ).rejects.toBeInstanceOf(TokenTransportError);
    expect(tokenEndpoint.received).toHaveLength(0);
    expect(seen.requests).toBe(0);
  });

  it('times out GETs and POSTs alike', async () => {
    const { client, seen, host } = await clientFor(['hang'], 150);
    await expect(
      client.sendPostRequestAsync(`https://${host}/t/oauth2/v2.0/token`, { body: 'a=b' }),
    ).rejects.toMatchObject({
      kind: 'timeout',
    });
    await expect(
      client.sendGetRequestAsync(`https://${host}/t/v2.0/.well-known/openid-configuration`),
    ).rejects.toMatchObject({
      kind: 'timeout',
    });
    expect(seen.failure).toBe('timeout');
  });

  it('never rethrows the underlying error (its message could carry the request)', async () => {
    const { client, host } = await clientFor(['drop']);
    const err = await client
      .sendPostRequestAsync(`https://${host}/t`, { body: 'client_secret=hunter2' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenTransportError);
    expect(String((err as Error).message)).not.toContain('hunter2');
    expect((err as Error & { cause?: unknown }).cause).toBeUndefined();
  });
});
