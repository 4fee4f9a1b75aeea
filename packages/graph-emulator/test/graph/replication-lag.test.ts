import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PendingReplication, ReplicationLag } from '../../src/directory/replication-lag.js';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { type Harness, send, startHarness } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 10 });
});
afterEach(() => h.emulator.state.replicationLag.update({ lagMs: 0 }));
afterAll(() => h.emulator.close());

let created = 0;
const newUser = () => {
  created += 1;
  const nickname = `lagging${created}${Date.now()}`;
  return {
    accountEnabled: true,
    displayName: `Lagging ${created}`,
    mailNickname: nickname,
    userPrincipalName: `${nickname}@contoso.onmicrosoft.com`,
    passwordProfile: { password: 'Lag-Test-Passw0rd!' },
  };
};
const admin = (method: string, body?: unknown) =>
  send(`${h.emulator.origin}/_emulator/replication`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const ref = (id: string) => ({ '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${id}` });
const eventual = { ConsistencyLevel: 'eventual' };

describe('replication lag', () => {
  it('is off by default: a new user is readable at once', async () => {
    expect((await admin('GET')).json).toEqual({ lagMs: 0 });
    const res = await h.graph('/v1.0/users', { method: 'POST', body: newUser() });
    expect(res.status).toBe(201);
    expect((await h.graph(`/v1.0/users/${res.json.id}`)).status).toBe(200);
  });

  it('hides a new user from every other read while it lasts, and the create answer still has it', async () => {
    expect((await admin('PUT', { lagMs: 60_000 })).json).toEqual({ lagMs: 60_000 });
    const input = newUser();
    const res = await h.graph('/v1.0/users', { method: 'POST', body: input });
    expect(res.status).toBe(201);
    const { id } = res.json;
    expect(res.json.userPrincipalName).toBe(input.userPrincipalName);

    const byId = await h.graph(`/v1.0/users/${id}`);
    expect(byId.status).toBe(404);
    expect(byId.json.error.code).toBe('Request_ResourceNotFound');
    expect((await h.graph(`/v1.0/users/${input.userPrincipalName}`)).status).toBe(404);
    expect((await h.graph(`/v1.0/users('${input.userPrincipalName}')`)).status).toBe(404);
    expect((await h.graph(`/v1.0/directoryObjects/${id}`)).status).toBe(404);
    const listed = await h.graph(`/v1.0/users?$filter=id eq '${id}'`);
    expect(listed.json.value).toEqual([]);
    const searched = await h.graph(`/v1.0/users?$search="displayName:${input.displayName}"`, {
      headers: eventual,
    });
    expect(searched.json.value).toEqual([]);
    const sorted = await h.graph('/v1.0/users?$orderby=displayName&$top=999&$select=id', {
      headers: eventual,
    });
    expect(sorted.json.value.map((u: { id: string }) => u.id)).not.toContain(id);
    const count = Number((await h.graph('/v1.0/users/$count', { headers: eventual })).text);
    expect(count).toBe(h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!.userCount - 1);

    // Writes that name it miss it too: Graph's read-after-write 404s.
    const add = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.projectFalcon}/members/$ref`, {
      method: 'POST',
      body: ref(id),
    });
    expect(add.status).toBe(404);
    expect(add.json.error.code).toBe('Request_ResourceNotFound');
    const owner = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.projectFalcon}/owners/$ref`, {
      method: 'POST',
      body: ref(id),
    });
    expect(owner.status).toBe(404);
    const manager = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}/manager/$ref`, {
      method: 'PUT',
      body: ref(id),
    });
    expect(manager.status).toBe(404);
    expect((await h.graph(`/v1.0/users/${id}`, { method: 'PATCH', body: { jobTitle: 'x' } })).status).toBe(
      404,
    );
    expect((await h.graph(`/v1.0/users/${id}/memberOf`)).status).toBe(404);

    // The write side knows it: the UPN is taken at once.
    const again = await h.graph('/v1.0/users', { method: 'POST', body: input });
    expect(again.status).toBe(400);
    expect(again.json.error.message).toMatch(/already exists/);
    // Tests reading the emulator's state see what Graph holds.
    expect(h.emulator.state.getUser(h.emulator.demo.tenantId, id)).toBeDefined();

    // Turning the lag off ends every pending delay.
    await admin('PUT', { lagMs: 0 });
    expect((await h.graph(`/v1.0/users/${id}`)).status).toBe(200);
    expect(
      (
        await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.projectFalcon}/members/$ref`, {
          method: 'POST',
          body: ref(id),
        })
      ).status,
    ).toBe(204);
  });

  it('lets the user appear once the lag has passed', async () => {
    await admin('PUT', { lagMs: 800 });
    const started = Date.now();
    const res = await h.graph('/v1.0/users', { method: 'POST', body: newUser() });
    expect((await h.graph(`/v1.0/users/${res.json.id}`)).status).toBe(404);
    let status = 404;
    while (status === 404 && Date.now() - started < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await h.graph(`/v1.0/users/${res.json.id}`)).status;
    }
    expect(status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });

  it('hides a new group the same way', async () => {
    await admin('PUT', { lagMs: 60_000 });
    const res = await h.graph('/v1.0/groups', {
      method: 'POST',
      body: {
        displayName: 'Lagging group',
        mailEnabled: false,
        mailNickname: `lag${Date.now()}`,
        securityEnabled: true,
      },
    });
    expect(res.status).toBe(201);
    const { id } = res.json;
    expect((await h.graph(`/v1.0/groups/${id}`)).status).toBe(404);
    const listed = await h.graph(`/v1.0/groups?$filter=id eq '${id}'`);
    expect(listed.json.value).toEqual([]);
    const add = await h.graph(`/v1.0/groups/${id}/members/$ref`, {
      method: 'POST',
      body: ref(FIXTURE_IDS.guest),
    });
    expect([add.status, add.json.error.code]).toEqual([404, 'Request_ResourceNotFound']);
    await admin('PUT', { lagMs: 0 });
    expect((await h.graph(`/v1.0/groups/${id}`)).status).toBe(200);
  });

  it('does not delay delta: the change log has the creation at once', async () => {
    const latest = await h.graph('/v1.0/users/delta?$deltatoken=latest&$select=displayName');
    await admin('PUT', { lagMs: 60_000 });
    const res = await h.graph('/v1.0/users', { method: 'POST', body: newUser() });
    const round = await h.graph(latest.json['@odata.deltaLink'].slice(h.emulator.origin.length));
    expect(round.json.value.map((u: { id: string }) => u.id)).toContain(res.json.id);
  });

  it('applies inside $batch as to single requests', async () => {
    await admin('PUT', { lagMs: 60_000 });
    const create = await h.graph('/v1.0/users', { method: 'POST', body: newUser() });
    const batch = await h.graph('/v1.0/$batch', {
      method: 'POST',
      body: { requests: [{ id: '1', method: 'GET', url: `/users/${create.json.id}` }] },
    });
    expect(batch.json.responses[0].status).toBe(404);
  });

  it('refuses a lag that is not a whole number of milliseconds up to ten minutes', async () => {
    expect((await admin('PUT', { lagMs: -1 })).status).toBe(400);
    expect((await admin('PUT', { lagMs: 1.5 })).status).toBe(400);
    expect((await admin('PUT', { lagMs: 600_001 })).status).toBe(400);
    expect((await admin('PUT', { lagMs: 5, other: 1 })).status).toBe(400);
    expect((await admin('GET')).json).toEqual({ lagMs: 0 });
  });

  it('is set by the lag option at start', async () => {
    const other = await startHarness({ seedUsers: 3, replication: { lagMs: 60_000 } });
    try {
      const res = await other.graph('/v1.0/users', { method: 'POST', body: newUser() });
      expect((await other.graph(`/v1.0/users/${res.json.id}`)).status).toBe(404);
    } finally {
      await other.emulator.close();
    }
  });
});

describe('PendingReplication', () => {
  it('hides an object until its time has come, and forgets it when the setting changes', () => {
    let now = 1_000;
    const lag = new ReplicationLag(() => now);
    const pending = new PendingReplication(lag);
    pending.created('A');
    expect(pending.hides('a')).toBe(false); // the lag was off when it was created
    lag.update({ lagMs: 500 });
    pending.created('B');
    expect(pending.hides('b')).toBe(true);
    expect(pending.stamp()).toBe('b');
    now = 1_499;
    expect(pending.hides('B')).toBe(true);
    now = 1_500;
    expect(pending.hides('B')).toBe(false);
    expect(pending.stamp()).toBe('');
    pending.created('C');
    lag.update({ lagMs: 500 });
    expect(pending.hides('C')).toBe(false);
  });
});
