// A user's manager and direct reports: GET /manager, PUT and DELETE /manager/$ref, GET
// /directReports, $expand=manager on one user and on the list (with Graph's limits), and
// manager changes in /users/delta as `manager@delta` when `manager` is selected.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { type Harness, startHarness } from '../emulator-harness.js';
import { deltaRound } from './delta-helpers.js';

const EVENTUAL = { consistencylevel: 'eventual' };
let h: Harness;
let alice: string;
let bob: string;
let carol: string;

const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${id}` });
const createUser = async (alias: string) => {
  const res = await h.graph('/v1.0/users', {
    method: 'POST',
    body: {
      accountEnabled: true,
      displayName: alias,
      mailNickname: alias,
      userPrincipalName: `${alias}@contoso.onmicrosoft.com`,
      passwordProfile: { password: 'Str0ng!Passw0rd' },
    },
  });
  expect(res.status).toBe(201);
  return res.json.id as string;
};
const setManager = (userId: string, managerId: string) =>
  h.graph(`/v1.0/users/${userId}/manager/$ref`, { method: 'PUT', body: ref(managerId) });

beforeAll(async () => {
  h = await startHarness({ seedUsers: 3 });
  alice = await createUser('alice');
  bob = await createUser('bob');
  carol = await createUser('carol');
});
afterAll(() => h.emulator.close());

describe('manager', () => {
  it('answers 404 naming the manager when there is none', async () => {
    const res = await h.graph(`/v1.0/users/${alice}/manager`);
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({
      code: 'Request_ResourceNotFound',
      message:
        "Resource 'manager' does not exist or one of its queried reference-property objects are not present.",
    });
  });

  it('assigns with PUT $ref (204), reads it back typed, and lists direct reports', async () => {
    expect((await setManager(bob, alice)).status).toBe(204);
    expect((await setManager(carol, alice)).status).toBe(204);
    const manager = await h.graph(`/v1.0/users/bob@contoso.onmicrosoft.com/manager?$select=id,displayName`);
    expect(manager.json).toEqual({
      '@odata.context': expect.stringMatching(/#directoryObjects\(id,displayName\)\/\$entity$/),
      '@odata.type': '#microsoft.graph.user',
      id: alice,
      displayName: 'alice',
    });
    const reports = await h.graph(`/v1.0/users/${alice}/directReports?$select=id`);
    expect(reports.json.value).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: bob },
      { '@odata.type': '#microsoft.graph.user', id: carol },
    ]);
    const count = await h.graph(`/v1.0/users/${alice}/directReports/$count`, { headers: EVENTUAL });
    expect(count.text).toBe('2');
    const filtered = await h.graph(
      `/v1.0/users/${alice}/directReports/microsoft.graph.user?$filter=${encodeURIComponent("displayName eq 'carol'")}&$count=true`,
      { headers: EVENTUAL },
    );
    expect(filtered.json.value.map((u: { id: string }) => u.id)).toEqual([carol]);
  });

  it('refuses a user as their own manager, a loop, a group, and an unknown object', async () => {
    expect((await setManager(alice, alice)).status).toBe(400);
    const loop = await setManager(alice, bob);
    expect([loop.status, loop.json.error.code]).toEqual([400, 'Request_BadRequest']);
    expect((await setManager(alice, DEMO_GROUP_IDS.allStaff)).status).toBe(400);
    const unknown = await setManager(alice, '00000000-0000-4000-8000-000000000999');
    expect(unknown.status).toBe(404);
    const noBody = await h.graph(`/v1.0/users/${alice}/manager/$ref`, { method: 'PUT', body: {} });
    expect(noBody.status).toBe(400);
  });

  it('removes with DELETE $ref (204), then 404 for a second removal', async () => {
    expect((await setManager(carol, bob)).status).toBe(204);
    expect((await h.graph(`/v1.0/users/${carol}/manager/$ref`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.graph(`/v1.0/users/${carol}/manager`)).status).toBe(404);
    const again = await h.graph(`/v1.0/users/${carol}/manager/$ref`, { method: 'DELETE' });
    expect([again.status, again.json.error.code]).toEqual([404, 'Request_ResourceNotFound']);
  });
});

describe('$expand=manager', () => {
  it('expands one user, with a nested $select and the chain with $levels', async () => {
    await setManager(carol, bob);
    const one = await h.graph(`/v1.0/users/${carol}?$select=id&$expand=manager($select=id,displayName)`);
    expect(one.json).toMatchObject({
      id: carol,
      manager: { '@odata.type': '#microsoft.graph.user', id: bob, displayName: 'bob' },
    });
    expect(one.json.manager.manager).toBeUndefined();
    const chain = await h.graph(`/v1.0/users/${carol}?$select=id&$expand=manager($levels=max;$select=id)`);
    expect(chain.json.manager).toEqual({
      '@odata.type': '#microsoft.graph.user',
      id: bob,
      manager: { '@odata.type': '#microsoft.graph.user', id: alice },
    });
    const none = await h.graph(`/v1.0/users/${alice}?$select=id&$expand=manager`);
    expect(none.json).not.toHaveProperty('manager');
  });

  it('expands the list, and keeps Graph limits', async () => {
    const list = await h.graph(
      `/v1.0/users?$filter=${encodeURIComponent(`id eq '${carol}'`)}&$select=id&$expand=manager($select=id)`,
    );
    expect(list.json.value).toEqual([
      { id: carol, manager: { '@odata.type': '#microsoft.graph.user', id: bob } },
    ]);

    const two = await h.graph('/v1.0/users?$expand=manager,memberOf');
    expect(two.json.error).toMatchObject({
      code: 'BadRequest',
      message: 'The result of parsing $expand contained at least 2 items, but the maximum allowed is 1.',
    });
    const advanced = await h.graph('/v1.0/users?$expand=manager&$count=true', { headers: EVENTUAL });
    expect([advanced.status, advanced.json.error.code]).toEqual([400, 'Request_UnsupportedQuery']);
    expect((await h.graph('/v1.0/users?$expand=manager($levels=2)')).status).toBe(400);
    expect((await h.graph('/v1.0/users?$expand=nosuch')).status).toBe(400);
    expect((await h.graph('/v1.0/users?$expand=displayName')).status).toBe(400);
    expect((await h.graph(`/v1.0/users/${carol}?$expand=manager($filter=id eq 'x')`)).status).toBe(400);
  });
});

describe('manager in /users/delta', () => {
  it('reports manager changes as manager@delta when manager is selected, and only then', async () => {
    const first = await deltaRound(
      h.token,
      `${h.emulator.origin}/v1.0/users/delta?$select=displayName,manager`,
    );
    const carolItem = first.items.find((item) => item.id === carol);
    expect(carolItem?.['manager@delta']).toEqual([{ '@odata.type': '#microsoft.graph.user', id: bob }]);
    const plain = await deltaRound(h.token, `${h.emulator.origin}/v1.0/users/delta?$select=displayName`);

    await setManager(carol, alice);
    await h.graph(`/v1.0/users/${bob}/manager/$ref`, { method: 'DELETE' });
    const changes = await deltaRound(h.token, first.deltaLink);
    const byId = new Map(changes.items.map((item) => [item.id, item]));
    expect(byId.get(carol)).toEqual({
      displayName: 'carol',
      id: carol,
      'manager@delta': [{ '@odata.type': '#microsoft.graph.user', id: alice }],
    });
    expect(byId.get(bob)?.['manager@delta']).toEqual([
      { '@odata.type': '#microsoft.graph.user', id: alice, '@removed': { reason: 'deleted' } },
    ]);
    expect(byId.get(bob)).not.toHaveProperty('manager');

    const untracked = await deltaRound(h.token, plain.deltaLink);
    expect(untracked.items).toEqual([]);
  });
});
