import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, send, startHarness } from '../emulator-harness.js';

describe('emulator fault rules', () => {
  let h: Harness;
  const admin = (method: string, body?: unknown) =>
    send(`${h.emulator.origin}/_emulator/faults`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    h = await startHarness({ seedUsers: 10 });
  });
  afterEach(() => h.emulator.state.faults.clear());
  afterAll(() => h.emulator.close());

  it('arms a 429 with a fractional Retry-After for a count of matching requests, then lets them through', async () => {
    const armed = await admin('POST', {
      method: 'GET',
      path: '/users',
      status: 429,
      retryAfter: 2.128,
      count: 2,
    });
    expect(armed.status).toBe(201);
    const first = await h.graph('/v1.0/users?$top=1');
    expect(first.status).toBe(429);
    expect(first.headers['retry-after']).toBe('2.128');
    expect(first.json.error.code).toBe('TooManyRequests');
    expect(first.json.error.innerError['request-id']).toBe(first.headers['request-id']);
    expect((await h.graph('/v1.0/users?$top=1')).status).toBe(429);
    expect((await h.graph('/v1.0/users?$top=1')).status).toBe(200);
    // A POST does not match a GET rule.
    const listed = await admin('GET');
    expect(listed.json.rules[0]).toMatchObject({ hits: 2, matched: 3, spent: true });
  });

  it('answers 503 with Retry-After and 504 without it, matched by path regex', async () => {
    await admin('POST', [
      { pathRegex: '^/users/[^/]+$', status: 503, retryAfter: 1, count: 1 },
      { pathRegex: '^/users/[^/]+$', status: 504, retryAfter: 9, count: 1 },
    ]);
    const unavailable = await h.graph('/v1.0/users/nobody@contoso.onmicrosoft.com');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers['retry-after']).toBe('1');
    const timeout = await h.graph('/v1.0/users/nobody@contoso.onmicrosoft.com');
    expect(timeout.status).toBe(504);
    expect(timeout.headers['retry-after']).toBeUndefined();
    expect((await h.graph('/v1.0/users/nobody@contoso.onmicrosoft.com')).status).toBe(404);
  });

  it('answers 401 InvalidAuthenticationToken as for an expired token', async () => {
    h.emulator.state.faults.arm([{ path: '/users', status: '401-expired', count: 1 }]);
    const expired = await h.graph('/v1.0/users');
    expect(expired.status).toBe(401);
    expect(expired.json.error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Lifetime validation failed, the token is expired.',
    });
  });

  it('faults every nth request, and a seeded ratio identically on every run', async () => {
    h.emulator.state.faults.arm([{ path: '/users', status: 503, every: 3 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await h.graph('/v1.0/users?$top=1')).status);
    expect(statuses).toEqual([200, 200, 503, 200, 200, 503]);

    const run = async () => {
      h.emulator.state.faults.clear();
      h.emulator.state.faults.arm([{ path: '/users', status: 429, ratio: 0.3, seed: 7 }]);
      const seen: number[] = [];
      for (let i = 0; i < 20; i += 1) seen.push((await h.graph('/v1.0/users?$top=1')).status);
      return seen;
    };
    const once = await run();
    expect(await run()).toEqual(once);
    const faulted = once.filter((status) => status === 429).length;
    expect(faulted).toBeGreaterThan(0);
    expect(faulted).toBeLessThan(20);
  });

  it('drops the connection before applying a create: no answer, no user', async () => {
    h.emulator.state.faults.arm([{ method: 'POST', path: '/users', drop: 'before', count: 1 }]);
    const upn = 'dropped-before@contoso.onmicrosoft.com';
    await expect(h.graph('/v1.0/users', { method: 'POST', body: newUser(upn) })).rejects.toThrow();
    expect(h.emulator.state.getUser(h.emulator.demo.tenantId, upn)).toBeUndefined();
  });

  it('drops the connection after applying a create: no answer, but the user exists', async () => {
    h.emulator.state.faults.arm([{ method: 'POST', path: '/users', drop: 'after', count: 1 }]);
    const upn = 'dropped-after@contoso.onmicrosoft.com';
    await expect(h.graph('/v1.0/users', { method: 'POST', body: newUser(upn) })).rejects.toThrow();
    expect(h.emulator.state.getUser(h.emulator.demo.tenantId, upn)?.['userPrincipalName']).toBe(upn);
  });

  it('adds latency and then handles the request normally', async () => {
    h.emulator.state.faults.arm([{ path: '/users', latencyMs: 30, count: 1 }]);
    expect((await h.graph('/v1.0/users?$top=1')).status).toBe(200);
    expect(h.emulator.state.faults.list()[0]).toMatchObject({ hits: 1 });
  });

  it('rejects malformed rules with a message', async () => {
    for (const rule of [
      { status: 429 },
      { path: '/users', status: 418 },
      { path: '/users', status: 429, drop: 'before' },
      { path: '/users', pathRegex: 'x', status: 429 },
      { path: '/users', status: 429, count: 1, ratio: 0.5 },
      { pathRegex: '(', status: 429 },
      { path: '/users', status: 429, colour: 'red' },
    ]) {
      const response = await admin('POST', rule);
      expect(response.status, JSON.stringify(rule)).toBe(400);
      expect(response.json.error).toMatch(/^rule 0: /);
    }
  });

  it('DELETE disarms every rule', async () => {
    await admin('POST', { path: '/', status: 503 });
    expect((await admin('DELETE')).status).toBe(204);
    expect((await admin('GET')).json.rules).toEqual([]);
    expect((await h.graph('/v1.0/users?$top=1')).status).toBe(200);
  });
});

function newUser(upn: string) {
  return {
    accountEnabled: true,
    displayName: 'Fault Test',
    mailNickname: upn.split('@')[0],
    userPrincipalName: upn,
    passwordProfile: { password: 'Str0ng!Passw0rd', forceChangePasswordNextSignIn: false },
  };
}
