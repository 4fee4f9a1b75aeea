// /users/delta over real HTTP: the initial round, later rounds from the change log with
// creates, updates, soft and hard deletes and restores, $select-scoped tracking,
// $deltatoken=latest, the id filter, Prefer: return=minimal, and the refused options.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { type Harness, startHarness } from '../emulator-harness.js';
import { byId, deltaRound } from './delta-helpers.js';

let h: Harness;
let counter = 0;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 250 });
});
afterAll(() => h.emulator.close());

const url = (path: string) => `${h.emulator.origin}${path}`;

function activeIds(): string[] {
  const tenant = h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;
  return [...tenant.activeUsersAfter(0)].map((u) => u.props.id);
}

async function createUser(extra: Record<string, unknown> = {}): Promise<string> {
  counter += 1;
  const res = await h.graph('/v1.0/users', {
    method: 'POST',
    body: {
      accountEnabled: true,
      displayName: `Delta User ${counter}`,
      mailNickname: `delta.user${counter}`,
      userPrincipalName: `delta.user${counter}@contoso.onmicrosoft.com`,
      passwordProfile: { forceChangePasswordNextSignIn: true, password: 'xWwvJ]6NMw+bWH-d' },
      ...extra,
    },
  });
  expect(res.status, res.text).toBe(201);
  return res.json.id as string;
}

async function patch(id: string, body: Record<string, unknown>) {
  expect((await h.graph(`/v1.0/users/${id}`, { method: 'PATCH', body })).status).toBe(204);
}

async function softDelete(id: string) {
  expect((await h.graph(`/v1.0/users/${id}`, { method: 'DELETE' })).status).toBe(204);
}

describe('the initial round', () => {
  it('enumerates every current user in pages of 100 with default properties and id', async () => {
    const round = await deltaRound(h.token, url('/v1.0/users/delta'));
    expect(round.pages.map((p) => p.value.length)).toEqual([100, 100, 50]);
    expect(round.items.map((i) => i.id)).toEqual(activeIds());
    expect(round.pages[0]!.nextLink).toMatch(/\/v1\.0\/users\/delta\?\$skiptoken=[\w-]+$/);
    expect(round.deltaLink).toMatch(/\/v1\.0\/users\/delta\?\$deltatoken=[\w-]+$/);
    const guest = byId(round.items).get(FIXTURE_IDS.guest)!;
    // Never-set properties are omitted in delta (unlike GET /users), id is always there.
    expect(guest).toEqual({
      businessPhones: [],
      displayName: 'Adele Vance (Fabrikam)',
      givenName: 'Adele',
      mail: 'adele.vance@fabrikam.com',
      surname: 'Vance',
      userPrincipalName: 'adele.vance_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      id: FIXTURE_IDS.guest,
    });
  });

  it('answers an empty round with an empty value and a new deltaLink', async () => {
    const first = await deltaRound(h.token, url('/v1.0/users/delta'));
    const again = await deltaRound(h.token, first.deltaLink);
    expect(again.items).toEqual([]);
    expect(again.pages.length).toBe(1);
  });

  it('serves the long form /users/microsoft.graph.delta too', async () => {
    const res = await h.graph('/v1.0/users/microsoft.graph.delta?$select=id');
    expect(res.status).toBe(200);
    expect(res.json.value.length).toBe(100);
  });
});

describe('later rounds', () => {
  it('return exactly the created, updated, soft-deleted, purged and restored users', async () => {
    const [updated, softDeleted, purged, restored] = activeIds().slice(20, 24) as [
      string,
      string,
      string,
      string,
    ];
    await softDelete(restored);
    const baseline = await deltaRound(h.token, url('/v1.0/users/delta'));

    const created = await createUser({ jobTitle: 'Tester' });
    await patch(updated, { displayName: 'Renamed In Delta', jobTitle: null });
    await softDelete(softDeleted);
    await softDelete(purged);
    expect((await h.graph(`/v1.0/directory/deletedItems/${purged}`, { method: 'DELETE' })).status).toBe(204);
    expect(
      (await h.graph(`/v1.0/directory/deletedItems/${restored}/restore`, { method: 'POST' })).status,
    ).toBe(200);

    const round = await deltaRound(h.token, baseline.deltaLink);
    const items = byId(round.items);
    expect(round.items.length).toBe(5);
    expect(items.get(created)).toMatchObject({
      displayName: `Delta User ${counter}`,
      jobTitle: 'Tester',
      id: created,
    });
    expect(items.get(created)).not.toHaveProperty('passwordProfile');
    expect(items.get(created)).not.toHaveProperty('@removed');
    // All selected (here: default) properties with current values; the cleared one as null.
    expect(items.get(updated)).toMatchObject({
      displayName: 'Renamed In Delta',
      jobTitle: null,
      id: updated,
    });
    expect(items.get(updated)!['userPrincipalName']).toEqual(expect.any(String));
    expect(items.get(softDeleted)).toEqual({ id: softDeleted, '@removed': { reason: 'changed' } });
    expect(items.get(purged)).toEqual({ id: purged, '@removed': { reason: 'deleted' } });
    expect(items.get(restored)).not.toHaveProperty('@removed');
    expect(items.get(restored)!['userPrincipalName']).toEqual(expect.any(String));

    const quiet = await deltaRound(h.token, round.deltaLink);
    expect(quiet.items).toEqual([]);
  });

  it('leaves out users created and deleted again inside one round', async () => {
    const baseline = await deltaRound(h.token, url('/v1.0/users/delta?$deltatoken=latest'));
    const id = await createUser();
    await softDelete(id);
    const round = await deltaRound(h.token, baseline.deltaLink);
    expect(round.items).toEqual([]);
  });

  it('reports changes made while the initial round was being paged in the next round', async () => {
    const firstPage = await h.graph('/v1.0/users/delta?$select=displayName');
    const created = await createUser();
    const rest = await deltaRound(h.token, firstPage.json['@odata.nextLink']);
    const next = await deltaRound(h.token, rest.deltaLink);
    expect(next.items.map((i) => i.id)).toContain(created);
  });
});

describe('$select-scoped tracking', () => {
  it('tracks only the selected properties and names them in the first context', async () => {
    const baseline = await deltaRound(h.token, url('/v1.0/users/delta?$select=displayName,jobTitle'));
    expect(baseline.pages[0]!.context).toBe(
      `${h.emulator.origin}/v1.0/$metadata#users(displayName,jobTitle)`,
    );
    expect(baseline.pages[1]!.context).toBe(`${h.emulator.origin}/v1.0/$metadata#users`);
    expect(
      baseline.items.every((i) => Object.keys(i).every((k) => ['displayName', 'jobTitle', 'id'].includes(k))),
    ).toBe(true);
    const [quiet, loud] = activeIds().slice(40, 42) as [string, string];
    await patch(quiet, { city: 'Bergen' });
    const unchanged = await deltaRound(h.token, baseline.deltaLink);
    expect(unchanged.items).toEqual([]);
    await patch(loud, { jobTitle: 'Chief Delta Officer' });
    const changed = await deltaRound(h.token, unchanged.deltaLink);
    expect(changed.items).toEqual([
      { displayName: expect.any(String), jobTitle: 'Chief Delta Officer', id: loud },
    ]);
  });
});

describe('$deltatoken=latest', () => {
  it('skips the enumeration and then reports only later changes', async () => {
    const latest = await h.graph('/v1.0/users/delta?$deltatoken=latest&$select=displayName');
    expect(latest.status).toBe(200);
    expect(latest.json.value).toEqual([]);
    expect(latest.json['@odata.nextLink']).toBeUndefined();
    const created = await createUser();
    const round = await deltaRound(h.token, latest.json['@odata.deltaLink']);
    expect(round.items).toEqual([{ displayName: `Delta User ${counter}`, id: created }]);
  });
});

describe('the id filter', () => {
  it('follows only the listed users', async () => {
    const [a, b, other] = activeIds().slice(60, 63) as [string, string, string];
    const filter = encodeURIComponent(`id eq '${a}' or id eq '${b.toUpperCase()}'`);
    const baseline = await deltaRound(
      h.token,
      url(`/v1.0/users/delta?$filter=${filter}&$select=displayName`),
    );
    expect(baseline.items.map((i) => i.id).sort()).toEqual([a, b].sort());
    await patch(other, { displayName: 'Not Followed' });
    await patch(b, { displayName: 'Followed' });
    const round = await deltaRound(h.token, baseline.deltaLink);
    expect(round.items).toEqual([{ displayName: 'Followed', id: b }]);
  });

  it('refuses more than 50 ids and any other filter', async () => {
    const ids = Array.from(
      { length: 51 },
      (_, i) => `id eq '00000000-0000-4000-8000-${String(i).padStart(12, '0')}'`,
    );
    const tooMany = await h.graph(`/v1.0/users/delta?$filter=${encodeURIComponent(ids.join(' or '))}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.code).toBe('Request_UnsupportedQuery');
    const fifty = await h.graph(
      `/v1.0/users/delta?$filter=${encodeURIComponent(ids.slice(0, 50).join(' or '))}`,
    );
    expect(fifty.status).toBe(200);
    for (const filter of [
      "displayName eq 'x'",
      `id eq '${FIXTURE_IDS.guest}' and id eq '${FIXTURE_IDS.dollar}'`,
    ]) {
      const res = await h.graph(`/v1.0/users/delta?$filter=${encodeURIComponent(filter)}`);
      expect(res.status, filter).toBe(400);
      expect(res.json.error.code, filter).toBe('Request_UnsupportedQuery');
    }
  });
});

describe('Prefer: return=minimal', () => {
  it('returns only the changed properties and id', async () => {
    const baseline = await deltaRound(h.token, url('/v1.0/users/delta?$deltatoken=latest'));
    const [target, cleared] = activeIds().slice(80, 82) as [string, string];
    await patch(target, { surname: 'Minimal' });
    await patch(cleared, { jobTitle: null });
    const minimal = await deltaRound(h.token, baseline.deltaLink, { prefer: 'return=minimal' });
    expect(byId(minimal.items)).toEqual(
      byId([
        { surname: 'Minimal', id: target },
        { jobTitle: null, id: cleared },
      ]),
    );
    const full = await deltaRound(h.token, baseline.deltaLink);
    expect(byId(full.items).get(target)).toMatchObject({
      surname: 'Minimal',
      displayName: expect.any(String),
    });
  });
});

describe('refused options', () => {
  it("answers Graph's 400 for $top, $orderby, $expand, $count and $search", async () => {
    for (const query of [
      '$top=5',
      '$orderby=displayName',
      '$expand=manager',
      '$count=true',
      '$search="displayName:a"',
    ]) {
      const res = await h.graph(`/v1.0/users/delta?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.message, query).toContain('is not supported');
    }
  });

  it('refuses changing $select in the middle of a round', async () => {
    const first = await h.graph('/v1.0/users/delta');
    const res = await h.graph(
      `${new URL(first.json['@odata.nextLink']).pathname}${new URL(first.json['@odata.nextLink']).search}&$select=id`,
    );
    expect(res.status).toBe(400);
  });
});
