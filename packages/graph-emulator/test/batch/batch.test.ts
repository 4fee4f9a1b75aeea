import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { FIXTURE_IDS, FIXTURE_UPNS } from '../../src/seed/demo-tenant.js';
import { graphCall, type Harness, startHarness } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 20 });
});
afterEach(() => {
  h.emulator.state.faults.clear();
  h.emulator.state.throttling.update({ enabled: false, resourceUnits: null });
});
afterAll(() => h.emulator.close());

const batch = (requests: unknown, version = 'v1.0', headers: Record<string, string> = {}) =>
  h.graph(`/${version}/$batch`, { method: 'POST', body: { requests }, headers });
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies
const byId = (responses: { id: string }[]): Record<string, any> =>
  Object.fromEntries(responses.map((r) => [r.id, r]));
const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const demo = () => h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;

describe('$batch: items run like single requests', () => {
  it('answers 200 with each item status, Graph headers and body', async () => {
    const res = await batch([
      { id: '1', method: 'GET', url: `/users/${FIXTURE_IDS.apostrophe}?$select=id,displayName` },
      { id: '2', method: 'GET', url: '/users/nobody@contoso.onmicrosoft.com' },
      {
        id: '3',
        method: 'PATCH',
        url: `/users/${FIXTURE_IDS.guest}`,
        headers: { 'Content-Type': 'application/json' },
        body: { jobTitle: 'Batch tester' },
      },
      // Graph's own sample: no leading slash, a raw space in the filter, the advanced header.
      {
        id: '4',
        method: 'GET',
        url: "users?$select=id&$filter=startswith(displayName,'O') or accountEnabled eq false&$count=true",
        headers: { ConsistencyLevel: 'eventual' },
      },
      { id: '5', method: 'GET', url: '/users/$count', headers: { ConsistencyLevel: 'eventual' } },
    ]);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json.responses.map((r: { id: string }) => r.id)).toEqual(['1', '2', '3', '4', '5']);
    const r = byId(res.json.responses);
    expect(r['1']).toMatchObject({
      status: 200,
      headers: {
        'Cache-Control': 'no-cache',
        'OData-Version': '4.0',
        'Content-Type': expect.stringMatching(/^application\/json;odata\.metadata=minimal/),
      },
      body: {
        '@odata.context': `${h.emulator.origin}/v1.0/$metadata#users(id,displayName)/$entity`,
        id: FIXTURE_IDS.apostrophe,
      },
    });
    expect(r['2']).toMatchObject({ status: 404, body: { error: { code: 'Request_ResourceNotFound' } } });
    expect(r['2'].body.error.innerError['request-id']).toEqual(expect.any(String));
    expect(r['3'].status).toBe(204);
    expect(r['3']).not.toHaveProperty('body');
    expect(h.emulator.state.getUser(h.emulator.demo.tenantId, FIXTURE_IDS.guest)?.['jobTitle']).toBe(
      'Batch tester',
    );
    expect(r['4']).toMatchObject({ status: 200, body: { '@odata.count': expect.any(Number) } });
    expect(r['4'].body.value.length).toBe(r['4'].body['@odata.count']);
    expect(r['5']).toMatchObject({
      status: 200,
      headers: { 'Content-Type': expect.stringMatching(/^text\/plain/) },
    });
    expect(Number(r['5'].body)).toBe(demo().userCount);
  });

  it('roots every item at the version of the batch and keeps a paged list paged', async () => {
    const res = await batch([{ id: 'a', method: 'GET', url: '/users?$top=2' }], 'beta');
    const item = res.json.responses[0];
    expect(item.body['@odata.context']).toBe(`${h.emulator.origin}/beta/$metadata#users`);
    expect(item.body['@odata.nextLink']).toMatch(new RegExp(`^${h.emulator.origin}/beta/users\\?`));
    const next = await graphCall(
      h.emulator.origin,
      h.token,
      item.body['@odata.nextLink'].slice(h.emulator.origin.length),
    );
    expect(next.status).toBe(200);
  });

  it('runs items as the caller: a bad token fails the batch, an item cannot bring its own', async () => {
    const unauthenticated = await h.graph('/v1.0/$batch', {
      method: 'POST',
      headers: { authorization: 'Bearer not-a-token' },
      body: { requests: [{ id: '1', method: 'GET', url: '/users' }] },
    });
    expect(unauthenticated.status).toBe(401);
    const res = await batch([
      { id: '1', method: 'GET', url: '/users?$top=1', headers: { Authorization: 'Bearer forged' } },
    ]);
    expect(res.json.responses[0].status).toBe(200);
  });

  it('adds a member in one item and sees it in a dependent one', async () => {
    const res = await batch([
      {
        id: 'add',
        method: 'POST',
        url: `/groups/${DEMO_GROUP_IDS.projectFalcon}/members/$ref`,
        headers: { 'Content-Type': 'application/json' },
        body: ref(FIXTURE_IDS.apostrophe),
      },
      {
        id: 'list',
        dependsOn: ['ADD'],
        method: 'GET',
        url: `/groups/${DEMO_GROUP_IDS.projectFalcon}/members`,
      },
    ]);
    const r = byId(res.json.responses);
    expect(r['add'].status).toBe(204);
    expect(r['list'].body.value.map((m: { id: string }) => m.id)).toContain(FIXTURE_IDS.apostrophe);
  });

  it('answers 424 for a request whose dependency failed, down the chain, and runs the rest', async () => {
    const res = await batch([
      {
        id: '1',
        method: 'PATCH',
        url: '/users/missing@contoso.onmicrosoft.com',
        headers: { 'Content-Type': 'application/json' },
        body: { jobTitle: 'x' },
      },
      {
        id: '2',
        dependsOn: ['1'],
        method: 'PATCH',
        url: `/users/${FIXTURE_IDS.guest}`,
        headers: { 'Content-Type': 'application/json' },
        body: { jobTitle: 'never applied' },
      },
      { id: '3', dependsOn: ['2'], method: 'GET', url: '/users?$top=1' },
      { id: '4', method: 'GET', url: '/users?$top=1' },
    ]);
    const r = byId(res.json.responses);
    expect(r['1'].status).toBe(404);
    expect(r['2']).toMatchObject({ status: 424, body: { error: { code: 'FailedDependency' } } });
    expect(r['3'].status).toBe(424);
    expect(r['4'].status).toBe(200);
    expect(h.emulator.state.getUser(h.emulator.demo.tenantId, FIXTURE_IDS.guest)?.['jobTitle']).not.toBe(
      'never applied',
    );
  });

  it('reads key-form urls', async () => {
    const res = await batch([
      { id: '1', method: 'GET', url: `/users('${encodeURIComponent(FIXTURE_UPNS.dollar)}')?$select=id` },
    ]);
    expect(res.json.responses[0]).toMatchObject({ status: 200, body: { id: FIXTURE_IDS.dollar } });
  });
});

describe('$batch: malformed batches are refused whole', () => {
  const get = (id: string) => ({ id, method: 'GET', url: '/users?$top=1' });
  const refusal = async (requests: unknown, message: string | RegExp) => {
    const res = await batch(requests);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('BadRequest');
    expect(res.json.error.message).toMatch(message);
  };

  it('refuses more than 20 requests, and accepts 20', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => get(String(i + 1)));
    const ok = await batch(twenty);
    expect(ok.status).toBe(200);
    expect(ok.json.responses).toHaveLength(20);
    const before = demo().changeLog.currentSeq;
    await refusal([...twenty, get('21')], /maximum of 20/);
    // Nothing of a refused batch runs.
    await refusal(
      [
        {
          id: 'w',
          method: 'PATCH',
          url: `/users/${FIXTURE_IDS.guest}`,
          headers: { 'content-type': 'application/json' },
          body: { jobTitle: 'refused' },
        },
        ...twenty,
      ],
      /maximum of 20/,
    );
    expect(demo().changeLog.currentSeq).toBe(before);
  });

  it('refuses duplicate ids, compared without case, in the words Graph uses', async () => {
    await refusal([get('a1'), get('A1')], 'Request Id A1 has to be unique in a batch.');
  });

  it('refuses missing or malformed fields', async () => {
    await refusal([], /at least one request/);
    await refusal([{ method: 'GET', url: '/users' }], /must have an id/);
    await refusal([{ id: 7, method: 'GET', url: '/users' }], /must have an id/);
    await refusal([{ id: '1', url: '/users' }], "The 'method' property is required for request Id 1.");
    await refusal([{ id: '1', method: 'GET' }], "The 'url' property is required for request Id 1.");
    await refusal([{ id: '1', method: 'TRACE', url: '/users' }], /method 'TRACE'/);
    await refusal([{ id: '1', method: 'GET', url: '/users', headers: ['x'] }], /headers of request Id 1/);
    await refusal(
      [{ id: '1', method: 'POST', url: `/users/${FIXTURE_IDS.guest}/revokeSignInSessions`, body: {} }],
      /has a body but no Content-Type/,
    );
    await refusal(['not an object'], 'Invalid batch payload format.');
    const noRequests = await h.graph('/v1.0/$batch', { method: 'POST', body: { request: [] } });
    expect(noRequests.json.error.message).toBe('Invalid batch payload format.');
  });

  it('refuses absolute urls and nested batches', async () => {
    await refusal([{ id: '1', method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' }], /relative/);
    await refusal([{ id: '1', method: 'POST', url: '/$batch' }], /nested \$batch/);
    await refusal([{ id: '1', method: 'POST', url: '%24batch' }], /nested \$batch/);
  });

  it('refuses a dependency on an unknown or later request', async () => {
    await refusal([{ ...get('1'), dependsOn: ['9'] }], 'Invalid dependency for request Id 1.');
    await refusal([{ ...get('1'), dependsOn: ['2'] }, get('2')], 'Invalid dependency for request Id 1.');
    await refusal([get('1'), { ...get('2'), dependsOn: '1' }], 'Invalid dependency for request Id 2.');
  });

  it('serves $batch only with POST', async () => {
    const res = await h.graph('/v1.0/$batch');
    expect(res.status).toBe(405);
  });
});

describe('$batch: throttling and faults act on items', () => {
  it('throttles items one by one: a 429 with its own Retry-After inside a 200 batch', async () => {
    // GET /users costs 2 resource units; a budget of 5 lets two items through.
    h.emulator.state.throttling.update({ enabled: true, resourceUnits: 5 });
    const res = await batch(
      Array.from({ length: 4 }, (_, i) => ({ id: `${i}`, method: 'GET', url: '/users' })),
    );
    expect(res.status).toBe(200);
    const statuses = res.json.responses.map((r: { status: number }) => r.status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const throttled = res.json.responses[2];
    expect(Number(throttled.headers['Retry-After'])).toBeGreaterThan(0);
    expect(throttled.headers['x-ms-throttle-information']).toBe('ResourceUnitLimitExceeded');
    expect(throttled.body.error.code).toBe('TooManyRequests');
    expect(res.json.responses[0].headers['x-ms-resource-unit']).toBe('2');
  });

  it('times retries only of items that name their own client-request-id', async () => {
    h.emulator.state.throttling.update({ enabled: true, resourceUnits: 1 });
    h.emulator.state.retryTiming.reset();
    const res = await batch(
      [
        { id: '1', method: 'GET', url: '/users', headers: { 'client-request-id': 'item-one' } },
        { id: '2', method: 'GET', url: '/users' },
      ],
      'v1.0',
      { 'client-request-id': 'the-batch' },
    );
    expect(res.json.responses.map((r: { status: number }) => r.status)).toEqual([429, 429]);
    expect(res.json.responses[1].body.error.innerError['client-request-id']).toBe('the-batch');
    // Item 2 shares the batch's id: it is not a retry of anything, and no retry of it can be told.
    expect(h.emulator.state.retryTiming.report()).toMatchObject({ answered: 1, retriesSeen: 0 });
  });

  it('does not charge the batch itself', async () => {
    h.emulator.state.throttling.update({ enabled: true, resourceUnits: 2 });
    const res = await batch([{ id: '1', method: 'GET', url: '/users' }]);
    expect(res.json.responses[0].status).toBe(200);
  });

  it('lets a fault rule target items by their own method and path', async () => {
    h.emulator.state.faults.arm([
      { method: 'GET', path: '/users', inBatch: true, status: 503, retryAfter: 3, count: 1 },
    ]);
    // A request on its own is not an item.
    expect((await h.graph('/v1.0/users?$top=1')).status).toBe(200);
    const res = await batch([
      { id: '1', method: 'GET', url: '/groups' },
      { id: '2', method: 'GET', url: '/users?$top=1' },
      { id: '3', method: 'GET', url: '/users?$top=1' },
    ]);
    expect(res.status).toBe(200);
    const r = byId(res.json.responses);
    expect(r['1'].status).toBe(200);
    expect(r['2']).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '3' },
      body: { error: { code: 'serviceNotAvailable' } },
    });
    expect(r['3'].status).toBe(200);
  });

  it('keeps inBatch:false rules off items, and faults the whole batch by its own path', async () => {
    h.emulator.state.faults.arm([{ path: '/users', inBatch: false, status: 429, retryAfter: 1 }]);
    const items = await batch([{ id: '1', method: 'GET', url: '/users?$top=1' }]);
    expect(items.json.responses[0].status).toBe(200);
    h.emulator.state.faults.clear();
    h.emulator.state.faults.arm([{ method: 'POST', path: '/$batch', status: 504, count: 1 }]);
    const whole = await batch([{ id: '1', method: 'GET', url: '/users?$top=1' }]);
    expect(whole.status).toBe(504);
  });

  it('never drops the connection for an item', async () => {
    h.emulator.state.faults.arm([{ path: '/users', drop: 'before' }]);
    const res = await batch([{ id: '1', method: 'GET', url: '/users?$top=1' }]);
    expect(res.json.responses[0].status).toBe(200);
  });

  it('refuses an inBatch rule that drops the connection', async () => {
    const res = await h.graph('/_emulator/faults', {
      method: 'POST',
      body: { path: '/users', inBatch: true, drop: 'before' },
    });
    expect(res.status).toBe(400);
  });
});
