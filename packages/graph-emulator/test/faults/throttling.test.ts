import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetryTiming } from '../../src/faults/retry-timing.js';
import { requestCost } from '../../src/throttling/resource-units.js';
import { ThrottleModel } from '../../src/throttling/throttle-model.js';
import { type Harness, send, startHarness } from '../emulator-harness.js';

describe('resource-unit costs (the identity service table)', () => {
  it.each([
    ['GET', '/users', '', 2, 0],
    ['GET', '/users', '$select=id&$top=5', 1, 0],
    ['GET', '/users', '$expand=manager', 3, 0],
    ['GET', '/subscribedSkus', '', 3, 0],
    ['GET', '/groups/g1/members', '', 3, 0],
    ['GET', '/groups/g1/transitiveMembers', '', 5, 0],
    ['GET', '/users/u1/memberOf', '', 2, 0],
    ['POST', '/users/u1/getMemberGroups', '', 2, 0],
    ['POST', '/users/u1/checkMemberGroups', '', 4, 0],
    ['GET', '/organization', '', 1, 0],
    ['POST', '/users', '', 1, 1],
    ['PATCH', '/users/u1', '', 1, 1],
    ['POST', '/groups/g1/members/$ref', '', 1, 1],
    ['DELETE', '/users/u1', '', 1, 1],
  ])('%s %s?%s costs %i RU and %i writes', (method, path, query, resourceUnits, writes) => {
    expect(requestCost(method, path, query)).toEqual({ resourceUnits, writes });
  });
});

describe('throttle model', () => {
  it('refuses a request that does not fit the window without spending, until the window ends', () => {
    let now = 1_000;
    const model = new ThrottleModel(() => now);
    model.update({ enabled: true, resourceUnits: 5, windowMs: 10_000 });
    const read = { resourceUnits: 2, writes: 0 };
    expect(model.charge('app', 'tenant', 10, read).allowed).toBe(true);
    expect(model.charge('app', 'tenant', 10, read).allowed).toBe(true);
    now += 4_000;
    const refused = model.charge('app', 'tenant', 10, read);
    expect(refused).toEqual({
      allowed: false,
      retryAfterMs: 6_000,
      scope: 'Tenant_Application/Read/app/tenant',
      information: 'ResourceUnitLimitExceeded',
    });
    // 1 RU still fits: the refusal spent nothing.
    expect(model.charge('app', 'tenant', 10, { resourceUnits: 1, writes: 0 }).allowed).toBe(true);
    // Another app of the same tenant has its own budget.
    expect(model.charge('other-app', 'tenant', 10, read).allowed).toBe(true);
    now += 6_000;
    expect(model.charge('app', 'tenant', 10, read).allowed).toBe(true);
  });

  it('sizes the budget by tenant size when no limit is set, and applies the write quota', () => {
    const model = new ThrottleModel(() => 0);
    model.update({ enabled: true, writeLimit: 2 });
    expect(model.charge('a', 'small', 49, { resourceUnits: 3_500, writes: 0 }).allowed).toBe(true);
    expect(model.charge('a', 'small', 49, { resourceUnits: 1, writes: 0 }).allowed).toBe(false);
    expect(model.charge('a', 'large', 501, { resourceUnits: 8_000, writes: 0 }).allowed).toBe(true);
    const write = { resourceUnits: 1, writes: 1 };
    expect(model.charge('a', 'w', 10, write).allowed).toBe(true);
    expect(model.charge('a', 'w', 10, write).allowed).toBe(true);
    expect(model.charge('a', 'w', 10, write)).toMatchObject({
      allowed: false,
      information: 'WriteLimitExceeded',
    });
  });

  it('is off by default', () => {
    const model = new ThrottleModel(() => 0);
    expect(model.charge('a', 't', 1, { resourceUnits: 1_000_000, writes: 0 }).allowed).toBe(true);
  });
});

describe('throttling over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      seedUsers: 10,
      throttling: { enabled: true, resourceUnits: 5, windowMs: 60_000 },
    });
  });
  afterAll(() => h.emulator.close());

  it("answers 429 with Retry-After and Graph's throttle headers once the budget is spent", async () => {
    const first = await h.graph('/v1.0/users');
    expect(first.status).toBe(200);
    expect(first.headers['x-ms-resource-unit']).toBe('2');
    expect((await h.graph('/v1.0/users')).status).toBe(200);
    const throttled = await h.graph('/v1.0/users');
    expect(throttled.status).toBe(429);
    expect(throttled.json.error.code).toBe('TooManyRequests');
    const retryAfter = Number(throttled.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const { tenantId, clientId } = h.emulator.demo;
    expect(throttled.headers['x-ms-throttle-scope']).toBe(`Tenant_Application/Read/${clientId}/${tenantId}`);
    expect(throttled.headers['x-ms-throttle-information']).toBe('ResourceUnitLimitExceeded');

    const settings = await send(`${h.emulator.origin}/_emulator/throttling`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ enabled: false }),
    });
    expect(settings.json.enabled).toBe(false);
    expect((await h.graph('/v1.0/users')).status).toBe(200);
  });

  it('rejects unknown settings', async () => {
    const response = await send(`${h.emulator.origin}/_emulator/throttling`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ resourceUnits: -1 }),
    });
    expect(response.status).toBe(400);
  });
});

describe('Retry-After timing', () => {
  it('counts a comeback of the same client-request-id before Retry-After as early', () => {
    let now = 0;
    const timing = new RetryTiming(() => now);
    timing.answered('call-1', 500);
    now = 200;
    timing.arrived('call-1');
    timing.answered('call-2', 500);
    now = 700;
    timing.arrived('call-2');
    timing.arrived('never-told-to-wait');
    expect(timing.report()).toEqual({ answered: 2, retriesSeen: 2, early: 1, minMarginMs: -300 });
  });

  it('is fed by faults over HTTP', async () => {
    const h = await startHarness({ seedUsers: 5 });
    try {
      // A long Retry-After first (an immediate comeback is surely early), then a short one waited out.
      h.emulator.state.faults.arm([
        { path: '/users', status: 429, retryAfter: 30, count: 1 },
        { path: '/users', status: 429, retryAfter: 0.01, count: 1 },
      ]);
      const headers = { 'client-request-id': '6f1d6a57-7a0e-4c1e-9a55-000000000001' };
      expect((await h.graph('/v1.0/users', { headers })).status).toBe(429);
      expect((await h.graph('/v1.0/users', { headers })).status).toBe(429); // came back at once: early
      await delay(30);
      expect((await h.graph('/v1.0/users', { headers })).status).toBe(200);
      expect(h.emulator.state.retryTiming.report()).toMatchObject({ answered: 2, retriesSeen: 2, early: 1 });
    } finally {
      await h.emulator.close();
    }
  });
});
