import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GROUP_IDS } from '../../src/seed/demo-groups.js';
import { DEMO_PLAN_IDS, DEMO_SKU_IDS } from '../../src/seed/demo-skus.js';
import { FIXTURE_IDS } from '../../src/seed/demo-tenant.js';
import { type Harness, startHarness } from '../emulator-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seedUsers: 10 });
});
afterAll(() => h.emulator.close());

const assign = (userId: string, body: unknown) =>
  h.graph(`/v1.0/users/${userId}/assignLicense`, { method: 'POST', body });

async function sku(skuId: string) {
  const res = await h.graph('/v1.0/subscribedSkus');
  return res.json.value.find((s: { skuId: string }) => s.skuId === skuId);
}

async function licensesOf(userId: string) {
  const res = await h.graph(`/v1.0/users/${userId}?$select=assignedLicenses,assignedPlans`);
  return res.json;
}

describe('GET /subscribedSkus', () => {
  it('lists SKUs with prepaid and consumed units and service plans', async () => {
    const res = await h.graph('/v1.0/subscribedSkus');
    expect(res.status).toBe(200);
    expect(res.json['@odata.context']).toMatch(/#subscribedSkus$/);
    const e3 = res.json.value.find((s: { skuPartNumber: string }) => s.skuPartNumber === 'ENTERPRISEPACK');
    expect(e3).toMatchObject({
      id: `${h.emulator.demo.tenantId}_${DEMO_SKU_IDS.officeE3}`,
      skuId: DEMO_SKU_IDS.officeE3,
      capabilityStatus: 'Enabled',
      appliesTo: 'User',
      consumedUnits: 1,
      prepaidUnits: { enabled: 25, lockedOut: 0, suspended: 0, warning: 0 },
    });
    expect(e3.servicePlans).toContainEqual({
      servicePlanId: DEMO_PLAN_IDS.exchange,
      servicePlanName: 'EXCHANGE_S_ENTERPRISE',
      provisioningStatus: 'Success',
      appliesTo: 'User',
    });
    // The group-licensed EMS seat of the seeded member counts too.
    expect((await sku(DEMO_SKU_IDS.emsE3)).consumedUnits).toBe(1);
  });
});

describe('POST /users/{id}/assignLicense', () => {
  it('adds with a disabled plan, updates assignedLicenses, assignedPlans and consumedUnits, then removes', async () => {
    const user = FIXTURE_IDS.apostrophe;
    const added = await assign(user, {
      addLicenses: [{ skuId: DEMO_SKU_IDS.officeE3, disabledPlans: [DEMO_PLAN_IDS.teams] }],
      removeLicenses: [],
    });
    expect(added.status).toBe(200);
    expect(added.json['@odata.context']).toMatch(/#users\/\$entity$/);
    expect(added.json.assignedLicenses).toEqual([
      { disabledPlans: [DEMO_PLAN_IDS.teams], skuId: DEMO_SKU_IDS.officeE3 },
    ]);
    expect((await sku(DEMO_SKU_IDS.officeE3)).consumedUnits).toBe(2);

    const read = await licensesOf(user);
    expect(read.assignedLicenses).toEqual([
      { disabledPlans: [DEMO_PLAN_IDS.teams], skuId: DEMO_SKU_IDS.officeE3 },
    ]);
    const enabled = read.assignedPlans.filter(
      (p: { capabilityStatus: string }) => p.capabilityStatus === 'Enabled',
    );
    expect(enabled.map((p: { servicePlanId: string }) => p.servicePlanId).sort()).toEqual(
      [DEMO_PLAN_IDS.exchange, DEMO_PLAN_IDS.sharePoint, DEMO_PLAN_IDS.skypeForBusiness].sort(),
    );
    expect(enabled[0]).toMatchObject({
      service: expect.any(String),
      assignedDateTime: expect.stringMatching(/Z$/),
    });

    const reenabled = await assign(user, {
      addLicenses: [{ skuId: DEMO_SKU_IDS.officeE3, disabledPlans: [] }],
      removeLicenses: [],
    });
    expect(reenabled.json.assignedLicenses[0].disabledPlans).toEqual([]);
    expect((await sku(DEMO_SKU_IDS.officeE3)).consumedUnits).toBe(2); // same seat

    const removed = await assign(user, { addLicenses: [], removeLicenses: [DEMO_SKU_IDS.officeE3] });
    expect(removed.status).toBe(200);
    expect((await licensesOf(user)).assignedLicenses).toEqual([]);
    const plans = (await licensesOf(user)).assignedPlans as { capabilityStatus: string }[];
    expect(plans.every((p) => p.capabilityStatus === 'Deleted')).toBe(true);
    expect((await sku(DEMO_SKU_IDS.officeE3)).consumedUnits).toBe(1);
  });

  it("runs out of seats with Graph's message", async () => {
    const first = await assign(FIXTURE_IDS.apostrophe, {
      addLicenses: [{ skuId: DEMO_SKU_IDS.powerBiPro, disabledPlans: [] }],
      removeLicenses: [],
    });
    expect(first.status).toBe(200);
    const generated = [...h.emulator.state.resolveTenant(h.emulator.demo.tenantId)!.activeUsersAfter(3)][0]!;
    const second = await assign(generated.props.id, {
      addLicenses: [{ skuId: DEMO_SKU_IDS.powerBiPro, disabledPlans: [] }],
      removeLicenses: [],
    });
    expect(second.status).toBe(400);
    expect(second.json.error).toMatchObject({
      code: 'Request_BadRequest',
      message: `Subscription with SKU ${DEMO_SKU_IDS.powerBiPro} does not have any available licenses.`,
    });
    await assign(FIXTURE_IDS.apostrophe, { addLicenses: [], removeLicenses: [DEMO_SKU_IDS.powerBiPro] });
    expect((await sku(DEMO_SKU_IDS.powerBiPro)).consumedUnits).toBe(1);
  });

  it.each([
    [
      'no usage location',
      FIXTURE_IDS.guest,
      { addLicenses: [{ skuId: DEMO_SKU_IDS.officeE3, disabledPlans: [] }], removeLicenses: [] },
      'License assignment cannot be done for user with invalid usage location.',
    ],
    [
      'an unknown SKU',
      FIXTURE_IDS.apostrophe,
      {
        addLicenses: [{ skuId: '11111111-1111-4111-8111-111111111111', disabledPlans: [] }],
        removeLicenses: [],
      },
      'License 11111111-1111-4111-8111-111111111111 does not correspond to a valid company License.',
    ],
    [
      'a plan of another SKU',
      FIXTURE_IDS.apostrophe,
      {
        addLicenses: [{ skuId: DEMO_SKU_IDS.officeE3, disabledPlans: [DEMO_PLAN_IDS.intune] }],
        removeLicenses: [],
      },
      expect.stringContaining(DEMO_PLAN_IDS.intune),
    ],
    [
      'removing a license the user lacks',
      FIXTURE_IDS.apostrophe,
      { addLicenses: [], removeLicenses: [DEMO_SKU_IDS.officeE3] },
      'User does not have a corresponding license.',
    ],
    [
      'removing a group-inherited license',
      FIXTURE_IDS.dollar,
      { addLicenses: [], removeLicenses: [DEMO_SKU_IDS.emsE3] },
      expect.stringContaining('inherited from a group'),
    ],
    [
      'a missing removeLicenses',
      FIXTURE_IDS.apostrophe,
      { addLicenses: [{ skuId: DEMO_SKU_IDS.officeE3, disabledPlans: [] }] },
      expect.stringContaining('removeLicenses'),
    ],
  ])('refuses %s with 400', async (_label, userId, body, message) => {
    const res = await assign(userId, body);
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'Request_BadRequest', message });
  });

  it('refuses a non-GUID skuId', async () => {
    const res = await assign(FIXTURE_IDS.apostrophe, { addLicenses: [{ skuId: 'E3' }], removeLicenses: [] });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('Edm.Guid');
  });

  it('404s for an unknown user', async () => {
    const res = await assign('nobody@contoso.onmicrosoft.com', { addLicenses: [], removeLicenses: [] });
    expect(res.status).toBe(404);
  });

  it('grants and withdraws group-based licenses with direct membership', async () => {
    const user = FIXTURE_IDS.apostrophe;
    const members = `/v1.0/groups/${DEMO_GROUP_IDS.emsLicensed}/members`;
    const before = (await sku(DEMO_SKU_IDS.emsE3)).consumedUnits;
    await h.graph(`${members}/$ref`, {
      method: 'POST',
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user}` },
    });
    expect((await licensesOf(user)).assignedLicenses).toEqual([
      { disabledPlans: [], skuId: DEMO_SKU_IDS.emsE3 },
    ]);
    expect((await sku(DEMO_SKU_IDS.emsE3)).consumedUnits).toBe(before + 1);
    await h.graph(`${members}/${user}/$ref`, { method: 'DELETE' });
    expect((await licensesOf(user)).assignedLicenses).toEqual([]);
    expect((await sku(DEMO_SKU_IDS.emsE3)).consumedUnits).toBe(before);
  });

  it('reports how each license is held in licenseAssignmentStates: directly (assignedByGroup null) or by group', async () => {
    const user = FIXTURE_IDS.apostrophe;
    const states = async () =>
      (await h.graph(`/v1.0/users/${user}?$select=licenseAssignmentStates`)).json.licenseAssignmentStates;
    expect(await states()).toEqual([]);
    await assign(user, {
      addLicenses: [{ skuId: DEMO_SKU_IDS.emsE3, disabledPlans: [DEMO_PLAN_IDS.intune] }],
      removeLicenses: [],
    });
    await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.emsLicensed}/members/$ref`, {
      method: 'POST',
      body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user}` },
    });
    const held = await states();
    expect(held).toEqual([
      {
        assignedByGroup: null,
        disabledPlans: [DEMO_PLAN_IDS.intune],
        error: 'None',
        lastUpdatedDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        skuId: DEMO_SKU_IDS.emsE3,
        state: 'Active',
      },
      expect.objectContaining({ assignedByGroup: DEMO_GROUP_IDS.emsLicensed, disabledPlans: [] }),
    ]);
    // Held through the group, the SKU cannot be removed from the user directly...
    await assign(user, { addLicenses: [], removeLicenses: [DEMO_SKU_IDS.emsE3] });
    expect(await states()).toEqual([
      expect.objectContaining({ assignedByGroup: DEMO_GROUP_IDS.emsLicensed, skuId: DEMO_SKU_IDS.emsE3 }),
    ]);
    const refused = await assign(user, { addLicenses: [], removeLicenses: [DEMO_SKU_IDS.emsE3] });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/inherited from a group/);
    // ...and leaves with the membership.
    await h.graph(`/v1.0/groups/${DEMO_GROUP_IDS.emsLicensed}/members/${user}/$ref`, { method: 'DELETE' });
    expect(await states()).toEqual([]);
  });
});
