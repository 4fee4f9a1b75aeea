// GET /users through the OData engine over real HTTP: default and advanced filters (with and
// without ConsistencyLevel, with Graph's exact errors), $orderby, $search, $count, and paging
// of filtered/sorted results across page boundaries.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_IDS, FIXTURE_UPNS } from '../../src/seed/demo-tenant.js';
import { graphCall, type Harness, startHarness } from '../emulator-harness.js';

type User = Record<string, unknown> & { id: string };
const EVENTUAL = { consistencylevel: 'eventual' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 250 });
});
afterAll(() => h.emulator.close());

/** The tenant's users as stored, in creation order (the expectation side of each test). */
function storedUsers(): User[] {
  const tenant = h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;
  return [...tenant.activeUsersAfter(0)].map((u) => structuredClone(u.props) as User);
}

async function allPages(firstPath: string, headers?: Record<string, string>) {
  const pages: { value: User[]; count?: number }[] = [];
  let url: string | undefined = `${h.emulator.origin}${firstPath}`;
  while (url) {
    const res = await graphCall('', h.token, url, { headers });
    expect(res.status, res.text).toBe(200);
    pages.push({ value: res.json.value, count: res.json['@odata.count'] });
    url = res.json['@odata.nextLink'];
  }
  return pages;
}

const ids = (pages: { value: User[] }[]) => pages.flatMap((p) => p.value.map((u) => u.id));
const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');

describe('$filter without advanced parameters', () => {
  it('pages a startswith filter across boundaries with exact counts', async () => {
    const expected = storedUsers().filter((u) => lower(u['displayName']).startsWith('j'));
    expect(expected.length).toBeGreaterThan(10);
    const pages = await allPages("/v1.0/users?$filter=startswith(displayName,'J')&$select=id&$top=10");
    const sizes = pages.map((p) => p.value.length);
    expect(sizes.slice(0, -1).every((n) => n === 10)).toBe(true);
    expect(ids(pages)).toEqual(expected.map((u) => u.id));
  });

  it('supports in, and/or, booleans, lambdas over collections and GUID ids', async () => {
    const stored = storedUsers();
    const cases: [string, (u: User) => boolean][] = [
      ["department in ('Sales','IT')", (u) => ['sales', 'it'].includes(lower(u['department']))],
      ['accountEnabled eq false', (u) => u['accountEnabled'] === false],
      [
        "startswith(givenName,'S') and city eq 'Dublin' or userType eq 'Guest'",
        (u) =>
          (lower(u['givenName']).startsWith('s') && lower(u['city']) === 'dublin') ||
          u['userType'] === 'Guest',
      ],
      [
        "businessPhones/any(p:p eq '+353 1 555 0142')",
        (u) => (u['businessPhones'] as string[]).includes('+353 1 555 0142'),
      ],
      [
        `id in ('${FIXTURE_IDS.guest}','${FIXTURE_IDS.dollar}')`,
        (u) => u.id === FIXTURE_IDS.guest || u.id === FIXTURE_IDS.dollar,
      ],
      [`id eq '${FIXTURE_IDS.apostrophe.toUpperCase()}'`, (u) => u.id === FIXTURE_IDS.apostrophe],
    ];
    for (const [filter, predicate] of cases) {
      const pages = await allPages(`/v1.0/users?$filter=${encodeURIComponent(filter)}&$select=id`);
      expect(ids(pages), filter).toEqual(stored.filter(predicate).map((u) => u.id));
      expect(ids(pages).length, filter).toBeGreaterThan(0);
    }
  });

  it("answers Graph's exact 400s when a filter needs advanced parameters", async () => {
    const cases: [string, string, string][] = [
      [
        "$filter=endswith(mail,'@fabrikam.com')",
        'Request_UnsupportedQuery',
        "Operator 'endsWith' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
      ],
      [
        "$filter=department ne 'Sales'",
        'Request_UnsupportedQuery',
        "Filter operator 'NotEqualsMatch' is not supported.",
      ],
      [
        "$filter=startswith(displayName,'a')&$orderby=displayName",
        'Request_UnsupportedQuery',
        'Sorting not supported for current query.',
      ],
      [
        '$orderby=createdDateTime',
        'Request_UnsupportedQuery',
        "Unsupported sort property 'createdDateTime' for 'User'.",
      ],
      [
        '$search="displayName:adele"',
        'Request_UnsupportedQuery',
        "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      ],
      [
        '$filter=jobTitle eq null',
        'Request_UnsupportedQuery',
        "Unsupported or invalid query filter clause specified for property 'jobTitle' of resource 'User'.",
      ],
    ];
    for (const [query, code, message] of cases) {
      const res = await h.graph(`/v1.0/users?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error, query).toMatchObject({ code, message });
    }
  });

  it('needs $count=true as well as the header for advanced filters', async () => {
    const headerOnly = await h.graph("/v1.0/users?$filter=endswith(mail,'@fabrikam.com')", {
      headers: EVENTUAL,
    });
    expect(headerOnly.status).toBe(400);
    const countOnly = await h.graph("/v1.0/users?$filter=endswith(mail,'@fabrikam.com')&$count=true");
    expect(countOnly.status).toBe(400);
  });
});

describe('advanced queries (ConsistencyLevel: eventual + $count=true)', () => {
  it('runs endswith, ne, not and eq null with @odata.count on the first page only', async () => {
    const stored = storedUsers();
    const cases: [string, (u: User) => boolean][] = [
      ["endswith(mail,'@fabrikam.com')", (u) => lower(u['mail']).endsWith('@fabrikam.com')],
      ["department ne 'Sales'", (u) => lower(u['department']) !== 'sales'],
      ['not(accountEnabled eq true)', (u) => u['accountEnabled'] !== true],
      ['jobTitle eq null', (u) => u['jobTitle'] === undefined],
    ];
    for (const [filter, predicate] of cases) {
      const expected = stored.filter(predicate).map((u) => u.id);
      const pages = await allPages(
        `/v1.0/users?$filter=${encodeURIComponent(filter)}&$count=true&$top=40`,
        EVENTUAL,
      );
      expect(ids(pages), filter).toEqual(expected);
      expect(pages[0]!.count, filter).toBe(expected.length);
      expect(
        pages.slice(1).every((p) => p.count === undefined),
        filter,
      ).toBe(true);
    }
  });

  it('keeps every option in nextLinks, headers excluded', async () => {
    const first = await h.graph(
      "/v1.0/users?$filter=startswith(displayName,'a')&$orderby=userPrincipalName desc&$count=true&$top=5&$select=id,userPrincipalName",
      { headers: EVENTUAL },
    );
    expect(first.status).toBe(200);
    const next = first.json['@odata.nextLink'] as string;
    expect(decodeURIComponent(next)).toContain(
      "$filter=startswith(displayName,'a')&$orderby=userPrincipalName desc&$count=true&$top=5&$select=id,userPrincipalName",
    );
    expect(next).toMatch(/&\$skiptoken=RFNwd[\w-]+$/);
    const withoutHeader = await graphCall('', h.token, next);
    expect(withoutHeader.status).toBe(400);
    expect(withoutHeader.json.error.message).toBe('Sorting not supported for current query.');
  });
});

describe('$orderby', () => {
  const byName = (a: User, b: User) => {
    const x = lower(a['displayName']);
    const y = lower(b['displayName']);
    return x < y ? -1 : x > y ? 1 : 0;
  };

  it('sorts the whole tenant across pages: 100/100/50 in displayName order', async () => {
    const stored = storedUsers();
    const pages = await allPages('/v1.0/users?$orderby=displayName&$select=id,displayName');
    expect(pages.map((p) => p.value.length)).toEqual([100, 100, 50]);
    // Array.prototype.sort is stable, so ties keep creation order as the emulator does.
    expect(ids(pages)).toEqual([...stored].sort(byName).map((u) => u.id));
    const desc = await allPages('/v1.0/users?$orderby=displayName desc&$select=id&$top=999');
    expect(ids(desc)).toEqual([...stored].sort((a, b) => byName(b, a)).map((u) => u.id));
  });

  it('sorts on createdDateTime in advanced mode, with a filter', async () => {
    const expected = storedUsers()
      .filter((u) => lower(u['displayName']).startsWith('m'))
      .sort((a, b) => String(a['createdDateTime']).localeCompare(String(b['createdDateTime'])))
      .map((u) => u.id);
    const pages = await allPages(
      "/v1.0/users?$filter=startswith(displayName,'m')&$orderby=createdDateTime&$count=true&$top=7&$select=id",
      EVENTUAL,
    );
    expect(ids(pages)).toEqual(expected);
    expect(pages[0]!.count).toBe(expected.length);
  });

  it('neither skips nor repeats users when the tenant changes between sorted pages', async () => {
    const first = await h.graph('/v1.0/users?$orderby=displayName&$select=id,displayName&$top=60');
    const firstIds: string[] = first.json.value.map((u: User) => u.id);
    // Delete one already served and one not yet served; rename one not yet served to sort first.
    const later = storedUsers().sort(byName).slice(100, 102);
    await h.graph(`/v1.0/users/${firstIds[5]}`, { method: 'DELETE' });
    await h.graph(`/v1.0/users/${later[0]!.id}`, { method: 'DELETE' });
    await h.graph(`/v1.0/users/${later[1]!.id}`, { method: 'PATCH', body: { displayName: 'Zz Last' } });
    const next = new URL(first.json['@odata.nextLink']);
    const rest = ids(await allPages(next.pathname + next.search));
    const expectedRest = storedUsers()
      .sort(byName)
      .map((u) => u.id)
      .filter((id) => !firstIds.includes(id));
    expect(rest).toEqual(expectedRest);
    expect(rest).toContain(later[1]!.id);
    expect(rest).not.toContain(later[0]!.id);
  });

  it('refuses a skiptoken from an unsorted query on a sorted one', async () => {
    const plain = await h.graph('/v1.0/users?$top=5');
    const token = new URL(plain.json['@odata.nextLink']).searchParams.get('$skiptoken');
    const res = await h.graph(`/v1.0/users?$orderby=displayName&$skiptoken=${token}`);
    expect(res.status).toBe(400);
  });
});

describe('$search and $count', () => {
  it('matches token prefixes on displayName, and other properties from their start', async () => {
    const res = await h.graph('/v1.0/users?$search="displayName:adel"&$select=id,displayName', {
      headers: EVENTUAL,
    });
    expect(res.status).toBe(200);
    const names: string[] = res.json.value.map((u: User) => u['displayName']);
    expect(res.json.value.map((u: User) => u.id)).toContain(FIXTURE_IDS.guest);
    expect(
      names.every((n) =>
        n
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .some((t) => t.startsWith('adel')),
      ),
    ).toBe(true);
    // mail is not tokenized: "fabrikam" is not the start of adele.vance@fabrikam.com, "adele.v" is.
    const byDomain = await h.graph('/v1.0/users?$search="mail:fabrikam"&$select=userPrincipalName', {
      headers: EVENTUAL,
    });
    expect(byDomain.json.value).toEqual([]);
    const mail = await h.graph('/v1.0/users?$search="mail:adele.v"&$select=userPrincipalName', {
      headers: EVENTUAL,
    });
    expect(mail.json.value).toContainEqual({ userPrincipalName: FIXTURE_UPNS.guest });
  });

  it('combines $search with $filter, $orderby and $count', async () => {
    const expected = storedUsers().filter(
      (u) =>
        lower(u['surname'])
          .split(/[^\p{L}\p{N}]+/u)
          .some((t) => t.startsWith('s')) && u['accountEnabled'] === true,
    );
    const pages = await allPages(
      '/v1.0/users?$search="surname:s"&$filter=accountEnabled eq true&$orderby=displayName&$count=true&$top=25&$select=id',
      EVENTUAL,
    );
    expect(new Set(ids(pages))).toEqual(new Set(expected.map((u) => u.id)));
    expect(pages[0]!.count).toBe(expected.length);
  });

  it('counts filtered users on /users/$count', async () => {
    const expected = storedUsers().filter((u) => lower(u['department']) === 'sales').length;
    const res = await h.graph("/v1.0/users/$count?$filter=department eq 'Sales'", { headers: EVENTUAL });
    expect(res.status).toBe(200);
    expect(Number(res.text)).toBe(expected);
  });
});

describe('other options', () => {
  it('refuses unknown $select properties (400) and SharePoint-backed ones (501)', async () => {
    const unknown = await h.graph('/v1.0/users?$select=id,nope');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toBe(
      "Could not find a property named 'nope' on type 'microsoft.graph.user'.",
    );
    const sharePoint = await h.graph('/v1.0/users?$select=id,skills');
    expect(sharePoint.status).toBe(501);
  });

  it('refuses $skip, and does not implement $expand beyond manager', async () => {
    expect((await h.graph('/v1.0/users?$skip=5')).status).toBe(400);
    expect((await h.graph('/v1.0/users?$expand=memberOf')).status).toBe(501);
  });

  it('accepts option names without $ on beta', async () => {
    const res = await h.graph(
      `/beta/users?filter=${encodeURIComponent(`id eq '${FIXTURE_IDS.dollar}'`)}&select=id`,
    );
    expect(res.status).toBe(200);
    expect(res.json.value).toEqual([{ id: FIXTURE_IDS.dollar }]);
  });
});
