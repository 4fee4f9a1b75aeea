// The demo tenant shows managers, direct reports and group owners in the sandbox, seeded silently
// (nothing in the change log beyond the users' creation) and the same on every build.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmulator } from '../../src/emulator-app.js';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { type Harness, startHarness } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 30 });
});
afterAll(() => h.emulator.close());

describe('demo org chart', () => {
  it('gives the apostrophe fixture a manager, and that manager direct reports', async () => {
    const manager = await h.graph(`/v1.0/users/${FIXTURE_IDS.apostrophe}/manager?$select=id`);
    expect(manager.status).toBe(200);
    const reports = await h.graph(`/v1.0/users/${manager.json.id}/directReports?$select=id`);
    expect(reports.json.value.map((u: { id: string }) => u.id)).toContain(FIXTURE_IDS.apostrophe);
    expect((await h.graph(`/v1.0/users/${FIXTURE_IDS.dollar}/manager`)).status).toBe(404);
  });

  it('gives groups owners', async () => {
    const owners = await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.salesTeam}/owners?$select=id`);
    expect(owners.json.value.map((o: { id: string }) => o.id)).toEqual([
      FIXTURE_IDS.apostrophe,
      FIXTURE_IDS.dollar,
    ]);
  });

  it('logs nothing but the users, and is the same on every build, fixtures only included', async () => {
    const directory = h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!;
    expect(directory.changeLog.currentSeq).toBe(directory.userCount);
    const chart = async (seedUsers: number) => {
      const { state } = await buildEmulator({ seedUsers });
      const tenant = state.resolveTenant(state.demo.tenantId)!;
      return [...tenant.activeUsersAfter(0)].map((u) => [u.props.id, tenant.orgChart.managerOf(u.props.id)]);
    };
    expect(await chart(30)).toEqual(await chart(30));
    expect((await chart(3)).every(([, manager]) => manager === undefined)).toBe(true);
  });
});
