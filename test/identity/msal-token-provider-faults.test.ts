import { describe, expect, it, vi } from 'vitest';
import type { Connection } from '../../src/config/connection.js';
import { IdentityError } from '../../src/identity/identity-error.js';
import { MsalTokenProvider } from '../../src/identity/msal-token-provider.js';
import { type Answer, type ScriptedOrigin, startScriptedOriginForTest } from '../helpers/scripted-origin.js';
import { transportForTest } from '../helpers/test-transport.js';

const conn: Connection = {
  tenantId: '11111111-2222-3333-4444-555555555555',
  clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
  clientSecret: 's3cr3t-value~with.chars',
};
const tokenOk: Answer = {
  status: 200,
  json: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'tok-1' },
};
const stsError = (status: number, code: number, error: string, retryAfter?: string): Answer => ({
  status,
  json: {
    error,
    error_description: `AADSTS${code}: Something went wrong.\r\nTrace ID: abc\r\nCorrelation ID: def\r\nTimestamp: 2024-05-01 10:11:12Z`,
    error_codes: [code],
  },
  headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
});

let tokenEndpoint: ScriptedOrigin;

async function providerFor(answers: Answer[], timeoutMs = 5_000) {
  const dispatcher = transportForTest();
  tokenEndpoint = await startScriptedOriginForTest({ '*': answers });
  const provider = new MsalTokenProvider({ dispatcher, timeoutMs });
  const cloud = { authorityHost: tokenEndpoint.origin, graphBaseUrl: 'https://graph.microsoft.us/' };
  return { provider, cloud };
}

describe('MsalTokenProvider: wire and faults', () => {
  it('POSTs the client-credentials form to /{tenant}/oauth2/v2.0/token with no discovery GET', async () => {
    const { provider, cloud } = await providerFor([tokenOk]);
    expect(await provider.getToken(conn, cloud)).toBe('tok-1');
    expect(tokenEndpoint.received).toHaveLength(1);
    const [sent] = tokenEndpoint.received;
    expect(sent?.method).toBe('POST');
    expect(sent?.url.split('?')[0]).toBe(`/${conn.tenantId}/oauth2/v2.0/token`);
    const form = new URLSearchParams(sent!.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe('https://graph.microsoft.us/.default');
    expect(form.get('client_id')).toBe(conn.clientId);
  });

  it('times out a token endpoint that never answers', async () => {
    const { provider, cloud } = await providerFor(['hang'], 200);
    const err = await provider.getToken(conn, cloud).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    expect(err).toMatchObject({ upstreamStatus: 0, error: 'timeout' });
  });

  it('reports a dropped connection as unreachable', async () => {
    const { provider, cloud } = await providerFor(['drop']);
    await expect(provider.getToken(conn, cloud)).rejects.toMatchObject({ error: 'unreachable' });
  });

  it('turns a non-JSON answer into invalid_response with the upstream status', async () => {
    const { provider, cloud } = await providerFor([
      { status: 502, body: '<html>bad gateway</html>', headers: { 'content-type': 'text/html' } },
    ]);
    const err = await provider.getToken(conn, cloud).catch((e: unknown) => e);
    expect(err).toMatchObject({ upstreamStatus: 502, error: 'invalid_response' });
    expect((err as IdentityError).description).not.toContain('bad gateway');
  });

  it('never lets the secret into the error, even when the endpoint echoes it', async () => {
    const { provider, cloud } = await providerFor([
      {
        status: 401,
        json: {
          error: 'invalid_client',
          error_description: `AADSTS7000215: got ${conn.clientSecret}`,
          error_codes: [7000215],
        },
      },
    ]);
    const err = (await provider.getToken(conn, cloud).catch((e: unknown) => e)) as IdentityError;
    expect(err.errorCodes).toEqual([7000215]);
    expect(`${err.message}|${err.description}|${err.stack}`).not.toContain(conn.clientSecret);
    expect(err.description).toContain('[redacted]');
  });

  it('answers from memory while Retry-After runs, and asks again once it has passed', async () => {
    // MSAL alone would parseInt("0.2") to 0 and then block identical requests for 60 s.
    const { provider, cloud } = await providerFor([
      stsError(429, 50196, 'temporarily_unavailable', '0.2'),
      tokenOk,
    ]);
    // Only the clock is faked (sockets and timers run for real): the second call below falls
    // inside the 0.2 s however slow the machine, and the third after it without waiting.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const first = await provider.getToken(conn, cloud).catch((e: unknown) => e);
      expect(first).toMatchObject({ upstreamStatus: 429, errorCodes: [50196], retryAfterSeconds: 0.2 });
      expect((first as IdentityError).description).toBe('AADSTS50196: Something went wrong.');
      vi.advanceTimersByTime(150);
      const second = await provider.getToken(conn, cloud).catch((e: unknown) => e);
      expect(second).toMatchObject({ upstreamStatus: 429, retryAfterSeconds: 1 });
      expect(tokenEndpoint.received).toHaveLength(1);
      vi.advanceTimersByTime(100);
      expect(await provider.getToken(conn, cloud)).toBe('tok-1');
      expect(provider.networkTokenRequests).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not stay blocked after a 503 without Retry-After (MSAL would wait 60 s)', async () => {
    const { provider, cloud } = await providerFor([stsError(503, 90033, 'temporarily_unavailable'), tokenOk]);
    await expect(provider.getToken(conn, cloud)).rejects.toMatchObject({ upstreamStatus: 503 });
    expect(await provider.getToken(conn, cloud)).toBe('tok-1');
    expect(tokenEndpoint.received).toHaveLength(2);
  });
});
