import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_UPNS } from '../../src/seed/demo-tenant.js';
import { graphCall, type Harness, startHarness } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 250 });
});
afterAll(() => h.emulator.close());

/** Follows nextLinks verbatim, as a Graph client must. */
async function allPages(firstPath: string, headers?: Record<string, string>) {
  const pages: { value: Record<string, unknown>[]; nextLink?: string }[] = [];
  let url: string | undefined = `${h.emulator.origin}${firstPath}`;
  while (url) {
    const res = await graphCall('', h.token, url, { headers });
    expect(res.status).toBe(200);
    pages.push({ value: res.json.value, nextLink: res.json['@odata.nextLink'] });
    url = res.json['@odata.nextLink'];
  }
  return pages;
}

describe('GET /users', () => {
  it('pages 100 at a time by default and ends without a nextLink', async () => {
    const pages = await allPages('/v1.0/users');
    expect(pages.map((p) => p.value.length)).toEqual([100, 100, 50]);
    const ids = pages.flatMap((p) => p.value.map((u) => u['id']));
    expect(new Set(ids).size).toBe(250);
  });

  it('keeps $select and $top in nextLinks and uses the $select context', async () => {
    const first = await h.graph('/v1.0/users?$select=id,displayName&$top=7');
    expect(first.json['@odata.context']).toBe(`${h.emulator.origin}/v1.0/$metadata#users(id,displayName)`);
    const next = first.json['@odata.nextLink'] as string;
    expect(next.startsWith(`${h.emulator.origin}/v1.0/users?$select=id,displayName&$top=7&$skiptoken=`)).toBe(
      true,
    );
    const pages = await allPages('/v1.0/users?$select=id,displayName&$top=7');
    expect(pages.length).toBe(Math.ceil(250 / 7));
    expect(Object.keys(pages[1]!.value[0]!)).toEqual(['id', 'displayName']);
  });

  it('refuses $top outside 1..999', async () => {
    for (const top of ['0', '1000']) {
      const res = await h.graph(`/v1.0/users?$top=${top}`);
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message: `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
      });
    }
    const text = await h.graph('/v1.0/users?$top=ten');
    expect(text.status).toBe(400);
    expect(text.json.error.message).toContain("Invalid value 'ten' for $top query option");
    expect((await h.graph('/v1.0/users?$top=999')).json.value.length).toBe(250);
  });

  it('refuses a tampered skiptoken', async () => {
    const res = await h.graph('/v1.0/users?$skiptoken=garbage');
    expect(res.status).toBe(400);
  });

  it('does not skip or repeat users when one is deleted between pages', async () => {
    const first = await h.graph('/v1.0/users?$top=50&$select=id');
    const firstIds = first.json.value.map((u: { id: string }) => u.id);
    await h.graph(`/v1.0/users/${firstIds[10]}`, { method: 'DELETE' });
    const rest = await allPages(
      new URL(first.json['@odata.nextLink']).pathname + new URL(first.json['@odata.nextLink']).search,
    );
    const restIds = rest.flatMap((p) => p.value.map((u) => u['id']));
    expect(restIds.length).toBe(200);
    expect(restIds.filter((id) => firstIds.includes(id))).toEqual([]);
  });

  it('answers an eq $filter on a UPN with an apostrophe', async () => {
    const res = await h.graph(
      `/v1.0/users?$filter=userPrincipalName eq '${FIXTURE_UPNS.apostrophe.replace("'", "''")}'`,
    );
    expect(res.status).toBe(200);
    expect(res.json.value.map((u: { userPrincipalName: string }) => u.userPrincipalName)).toEqual([
      FIXTURE_UPNS.apostrophe,
    ]);
  });

  it('uses an injected $filter compiler after the query rules', async () => {
    const custom = await startHarness({
      seedUsers: 5,
      compileUserFilter: () => (user) => user.userType === 'Guest',
    });
    try {
      const res = await custom.graph("/v1.0/users?$filter=displayName eq 'anything'");
      expect(res.json.value.map((u: { userPrincipalName: string }) => u.userPrincipalName)).toEqual([
        FIXTURE_UPNS.guest,
      ]);
      // Graph's rules still apply before the injected predicate.
      const ne = await custom.graph("/v1.0/users?$filter=displayName ne 'anything'");
      expect(ne.status).toBe(400);
    } finally {
      await custom.emulator.close();
    }
  });

  it('adds @odata.count only with ConsistencyLevel: eventual and $count=true', async () => {
    const plain = await h.graph('/v1.0/users?$count=true&$top=5');
    expect(plain.json['@odata.count']).toBeUndefined();
    const counted = await h.graph('/v1.0/users?$count=true&$top=5', {
      headers: { consistencylevel: 'eventual' },
    });
    const total = counted.json['@odata.count'];
    expect(total).toBe(h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!.userCount);
    const second = await graphCall('', h.token, counted.json['@odata.nextLink'], {
      headers: { consistencylevel: 'eventual' },
    });
    expect(second.json['@odata.count']).toBeUndefined();
  });

  it('answers /users/$count as text with the header, 400 without', async () => {
    const without = await h.graph('/v1.0/users/$count');
    expect(without.status).toBe(400);
    expect(without.json.error.message).toBe('$count is not currently supported.');
    const withHeader = await h.graph('/v1.0/users/$count', { headers: { consistencylevel: 'eventual' } });
    expect(withHeader.headers['content-type']).toMatch(/^text\/plain/);
    expect(Number(withHeader.text)).toBe(h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!.userCount);
  });

  it('refuses $search without ConsistencyLevel', async () => {
    const res = await h.graph('/v1.0/users?$search="displayName:wa"');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('Request_UnsupportedQuery');
  });
});

describe('filter hook errors', () => {
  it("turns the OData engine's ODataError into Graph's envelope", async () => {
    const { ODataError } = await import('../../src/odata/odata-error.js');
    const custom = await startHarness({
      seedUsers: 3,
      compileUserFilter: () => {
        throw new ODataError(400, 'Request_UnsupportedQuery', 'Unsupported Query.');
      },
    });
    try {
      const res = await custom.graph("/v1.0/users?$filter=city eq 'x'");
      expect(res.status).toBe(400);
      expect(res.json.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message: 'Unsupported Query.',
      });
    } finally {
      await custom.emulator.close();
    }
  });
});
