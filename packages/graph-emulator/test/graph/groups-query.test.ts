// GET /groups and /groups/$count with Graph's query rules for groups: default and advanced
// filters with Graph's errors, $orderby, $search (displayName and description tokenized, other
// properties from their start), $count, $select. Never an ignored clause.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { type Harness, startHarness } from '../emulator-harness.js';

const EVENTUAL = { consistencylevel: 'eventual' };
const VIDEO_GROUP = 'c0ffee00-0000-4000-8000-00000000f001';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ seedUsers: 10 });
  const directory = h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;
  directory.groups.create({
    id: VIDEO_GROUP,
    displayName: 'OneVideo-Production',
    description: 'Video production team',
    groupTypes: ['Unified'],
    securityEnabled: false,
    mailEnabled: true,
    mail: 'onevideo@contoso.onmicrosoft.com',
    mailNickname: 'onevideo',
  });
});
afterAll(() => h.emulator.close());

const ids = (res: { json: { value: { id: string }[] } }) => res.json.value.map((g) => g.id);
const list = (query: string, headers?: Record<string, string>) =>
  h.graph(`/v1.0/groups?${query}`, headers ? { headers } : {});

describe('GET /groups $filter', () => {
  it('filters by default on displayName, mail, flags, ids and groupTypes', async () => {
    expect(ids(await list("$filter=startswith(displayName,'eng')"))).toEqual([DEMO_GROUP_IDS.engineering]);
    expect(ids(await list("$filter=mail eq 'salesteam@contoso.onmicrosoft.com'"))).toEqual([
      DEMO_GROUP_IDS.salesTeam,
    ]);
    expect(ids(await list("$filter=groupTypes/any(c:c eq 'Unified')"))).toEqual([
      DEMO_GROUP_IDS.salesTeam,
      VIDEO_GROUP,
    ]);
    const security = ids(await list('$filter=securityEnabled eq true and mailEnabled eq false'));
    expect(security).toContain(DEMO_GROUP_IDS.allStaff);
    expect(security).not.toContain(DEMO_GROUP_IDS.financeApprovers);
    expect(
      ids(await list(`$filter=id in ('${DEMO_GROUP_IDS.allStaff}','${DEMO_GROUP_IDS.onPremHr}')`)),
    ).toEqual([DEMO_GROUP_IDS.allStaff, DEMO_GROUP_IDS.onPremHr]);
  });

  it('refuses a malformed filter instead of ignoring it', async () => {
    const res = await list('$filter=garbage((');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('BadRequest');
    expect(res.json.error.message).toMatch(/^Invalid filter clause: /);
  });

  it('refuses a property groups cannot be filtered on, even in advanced mode', async () => {
    const res = await list('$filter=createdDateTime ge 2021-11-01T00:00:00Z&$count=true', EVENTUAL);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'Request_UnsupportedQuery',
      message:
        "Unsupported or invalid query filter clause specified for property 'createdDateTime' of resource 'Group'.",
    });
    const unknown = await list("$filter=nosuch eq 'x'");
    expect(unknown.json.error.message).toBe(
      "Could not find a property named 'nosuch' on type 'microsoft.graph.group'.",
    );
  });

  it('needs the advanced parameters for ne, not and advanced-only properties', async () => {
    const ne = await list('$filter=mailEnabled ne true');
    expect([ne.status, ne.json.error.code, ne.json.error.message]).toEqual([
      400,
      'Request_UnsupportedQuery',
      "Filter operator 'NotEqualsMatch' is not supported.",
    ]);
    const notUnified = await list("$filter=NOT(groupTypes/any(c:c eq 'Unified'))");
    expect(notUnified.status).toBe(400);
    const description = await list("$filter=startswith(description,'video')");
    expect(description.json.error.message).toContain("property 'description' of resource 'Group'");

    const advanced = await list(
      "$filter=NOT(groupTypes/any(c:c eq 'Unified')) and mailEnabled eq false&$count=true",
      EVENTUAL,
    );
    expect(advanced.status).toBe(200);
    expect(ids(advanced)).not.toContain(DEMO_GROUP_IDS.salesTeam);
    expect(advanced.json['@odata.count']).toBe(advanced.json.value.length);
  });
});

describe('GET /groups $orderby, $count, $select', () => {
  it('sorts by displayName by default, and needs advanced parameters to sort a filtered list', async () => {
    const sorted = await list('$orderby=displayName desc&$select=displayName');
    const names = sorted.json.value.map((g: { displayName: string }) => g.displayName);
    expect(names).toEqual([...names].sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase())));
    const mixed = await list("$filter=startswith(displayName,'a')&$orderby=displayName");
    expect(mixed.json.error).toMatchObject({
      code: 'Request_UnsupportedQuery',
      message: 'Sorting not supported for current query.',
    });
    const createdSort = await list('$orderby=createdDateTime');
    expect(createdSort.status).toBe(400);
  });

  it('adds @odata.count only with ConsistencyLevel: eventual, and serves /groups/$count as text', async () => {
    expect((await list('$count=true')).json['@odata.count']).toBeUndefined();
    const counted = await list('$count=true&$top=2', EVENTUAL);
    expect(counted.json['@odata.count']).toBe(10);
    expect(counted.json.value).toHaveLength(2);
    const next = new URL(counted.json['@odata.nextLink']);
    const page2 = await h.graph(`${next.pathname}${next.search}`, { headers: EVENTUAL });
    expect(page2.json['@odata.count']).toBeUndefined();

    const count = await h.graph('/v1.0/groups/$count', { headers: EVENTUAL });
    expect(count.status).toBe(200);
    expect(count.headers['content-type']).toMatch(/^text\/plain/);
    expect(count.text).toBe('10');
    const filtered = await h.graph('/v1.0/groups/$count?$filter=mailEnabled eq true', { headers: EVENTUAL });
    expect(filtered.text).toBe('4');
    const noHeader = await h.graph('/v1.0/groups/$count');
    expect([noHeader.status, noHeader.json.error.message]).toEqual([
      400,
      '$count is not currently supported.',
    ]);
  });

  it('projects exactly the selected properties, and refuses unknown ones', async () => {
    const res = await list(`$filter=id eq '${DEMO_GROUP_IDS.salesTeam}'&$select=id,displayName,groupTypes`);
    expect(res.json['@odata.context']).toMatch(/#groups\(id,displayName,groupTypes\)$/);
    expect(res.json.value).toEqual([
      { id: DEMO_GROUP_IDS.salesTeam, displayName: 'Sales Team', groupTypes: ['Unified'] },
    ]);
    expect((await list('$select=nosuch')).status).toBe(400);
  });
});

describe('GET /groups $search', () => {
  it('needs ConsistencyLevel: eventual', async () => {
    const res = await list('$search="displayName:video"');
    expect(res.json.error).toMatchObject({ code: 'Request_UnsupportedQuery' });
    expect(res.json.error.message).toContain("'ConsistencyLevel: eventual'");
  });

  it('tokenizes displayName and description, and matches other properties from their start', async () => {
    const search = async (text: string) => ids(await list(`$search=${encodeURIComponent(text)}`, EVENTUAL));
    // "OneVideo-Production": camel case and the hyphen split it; the words also join across the hyphen.
    expect(await search('"displayName:video"')).toEqual([VIDEO_GROUP]);
    expect(await search('"displayName:OneVideo"')).toEqual([VIDEO_GROUP]);
    expect(await search('"displayName:onevideoproduction"')).toEqual([VIDEO_GROUP]);
    expect(await search('"description:prod"')).toEqual([VIDEO_GROUP]);
    expect(await search('"mail:onevideo"')).toEqual([VIDEO_GROUP]);
    expect(await search('"mail:video"')).toEqual([]);
    expect(await search('"displayName:eng" OR "displayName:falcon"')).toEqual([
      DEMO_GROUP_IDS.engineering,
      DEMO_GROUP_IDS.projectFalcon,
    ]);
  });

  it('combines $search with $filter, $orderby and $count', async () => {
    const res = await list(
      `$search=${encodeURIComponent('"displayName:s"')}&$filter=securityEnabled eq true&$orderby=displayName&$count=true`,
      EVENTUAL,
    );
    expect(res.status).toBe(200);
    // "All Staff", "Dynamic: Sales department", "HR (synced)": a word of each starts with s.
    expect(ids(res)).toEqual([DEMO_GROUP_IDS.allStaff, DEMO_GROUP_IDS.dynamicSales, DEMO_GROUP_IDS.onPremHr]);
    expect(res.json['@odata.count']).toBe(3);
  });
});
