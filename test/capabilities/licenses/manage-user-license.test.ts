import {
  DEMO_GROUP_IDS,
  DEMO_PLAN_IDS,
  DEMO_SKU_IDS,
  FIXTURE_IDS,
  FIXTURE_UPNS,
} from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

describe('manage-user-license against the emulator', () => {
  let service: TestService;
  const licensesOf = (userId: string) =>
    service.emulator.state.getUser(service.emulator.demo.tenantId, userId)?.['assignedLicenses'];
  const consumed = (skuId: string) =>
    service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!.licenses.findSku(skuId)!
      .consumedUnits;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it('adds a license with a disabled plan, re-enables it, and removes it (documented list forms accepted)', async () => {
    const added = await service.call('manage-user-license', {
      userId: FIXTURE_UPNS.apostrophe,
      skuId: DEMO_SKU_IDS.officeE3.toUpperCase(),
      disabledPlans: `${DEMO_PLAN_IDS.teams}, `,
      removeLicenses: [''],
    });
    expect(added.status).toBe(200);
    expect(added.body.output.statusCode).toBe(200);
    expect(added.body.output.rawResponse.assignedLicenses).toEqual([
      { disabledPlans: [DEMO_PLAN_IDS.teams], skuId: DEMO_SKU_IDS.officeE3 },
    ]);
    expect(licensesOf(FIXTURE_IDS.apostrophe)).toEqual([
      { disabledPlans: [DEMO_PLAN_IDS.teams], skuId: DEMO_SKU_IDS.officeE3 },
    ]);
    expect(consumed(DEMO_SKU_IDS.officeE3)).toBe(2);

    const reenabled = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.apostrophe,
      skuId: DEMO_SKU_IDS.officeE3,
      disabledPlans: [''],
    });
    expect(reenabled.status).toBe(200);
    expect(licensesOf(FIXTURE_IDS.apostrophe)).toEqual([{ disabledPlans: [], skuId: DEMO_SKU_IDS.officeE3 }]);

    const removed = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.apostrophe,
      removeLicenses: `["${DEMO_SKU_IDS.officeE3}"]`,
    });
    expect(removed.status).toBe(200);
    expect(licensesOf(FIXTURE_IDS.apostrophe)).toEqual([]);
    expect(consumed(DEMO_SKU_IDS.officeE3)).toBe(1);
  });

  it('reports seat exhaustion as NO_FREE_LICENSES', async () => {
    const first = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.apostrophe,
      skuId: DEMO_SKU_IDS.powerBiPro,
    });
    expect(first.status).toBe(200);
    expect(consumed(DEMO_SKU_IDS.powerBiPro)).toBe(2);
    const generated = [
      ...service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!.activeUsersAfter(3),
    ][0]!;
    const second = await service.call('manage-user-license', {
      userId: generated.props.id,
      skuId: DEMO_SKU_IDS.powerBiPro,
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      code: 'NO_FREE_LICENSES',
      hint: expect.stringContaining('consumedUnits'),
      // Whether the preflight or Graph refused (the SKU list may be cached), the counts come along.
      seats: { skuId: DEMO_SKU_IDS.powerBiPro, enabled: 2, consumed: 2, free: 0 },
    });
    expect(licensesOf(generated.props.id) ?? []).toEqual([]);
    expect(consumed(DEMO_SKU_IDS.powerBiPro)).toBe(2);
  });

  it("maps Graph's refusal to LICENSE_NOT_ASSIGNED with a hint", async () => {
    const res = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.guest,
      removeLicenses: [DEMO_SKU_IDS.officeE3],
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'LICENSE_NOT_ASSIGNED',
      source: 'graph',
      graph: { code: 'Request_BadRequest' },
      hint: expect.any(String),
    });
  });

  it('refuses a user without usageLocation before Graph is asked (USAGE_LOCATION_REQUIRED)', async () => {
    const res = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.guest,
      skuId: DEMO_SKU_IDS.officeE3,
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'USAGE_LOCATION_REQUIRED',
      errors: [{ path: '/usageLocation' }],
      hint: expect.stringContaining('usageLocation'),
    });
    expect(res.body.graph).toBeUndefined();
    expect(licensesOf(FIXTURE_IDS.guest) ?? []).toEqual([]);
  });

  it('refuses a skuId the tenant does not have, listing those it has (UNKNOWN_SKU)', async () => {
    const res = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.dollar,
      skuId: '11111111-1111-4111-8111-111111111111',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'UNKNOWN_SKU', errors: [{ path: '/skuId' }] });
    expect(res.body.validValues).toContain(`ENTERPRISEPACK (${DEMO_SKU_IDS.officeE3})`);
  });

  it('refuses a plan id that is not in the SKU, listing its plans (INVALID_DISABLED_PLAN)', async () => {
    const res = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.dollar,
      skuId: DEMO_SKU_IDS.officeE3,
      disabledPlans: [DEMO_PLAN_IDS.teams, DEMO_PLAN_IDS.intune],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_DISABLED_PLAN', errors: [{ path: '/disabledPlans/1' }] });
    expect(res.body.validValues).toContain(`TEAMS1 (${DEMO_PLAN_IDS.teams})`);
    expect(licensesOf(FIXTURE_IDS.dollar)).toContainEqual({
      disabledPlans: [],
      skuId: DEMO_SKU_IDS.officeE3,
    });
  });

  it('refuses to remove a license held only through a group, naming the group (LICENSE_INHERITED_FROM_GROUP)', async () => {
    const res = await service.call('manage-user-license', {
      userId: FIXTURE_UPNS.dollar,
      removeLicenses: [DEMO_SKU_IDS.emsE3],
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      code: 'LICENSE_INHERITED_FROM_GROUP',
      groups: [{ id: DEMO_GROUP_IDS.emsLicensed, displayName: 'Licensed: EMS E3' }],
    });
    expect(res.body.detail).toContain('Licensed: EMS E3');
    expect(licensesOf(FIXTURE_IDS.dollar)).toContainEqual({ disabledPlans: [], skuId: DEMO_SKU_IDS.emsE3 });
  });

  it.each([
    ['nothing at all', {}],
    ['only the documented defaults', { removeLicenses: [''], disabledPlans: [''] }],
    ['an empty skuId', { skuId: '', removeLicenses: '' }],
  ])('refuses %s as NOTHING_TO_CHANGE', async (_label, fields) => {
    const res = await service.call('manage-user-license', { userId: FIXTURE_IDS.apostrophe, ...fields });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('NOTHING_TO_CHANGE');
  });

  it('refuses disabledPlans without skuId, and one SKU both added and removed', async () => {
    const plansOnly = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.apostrophe,
      disabledPlans: [DEMO_PLAN_IDS.teams],
    });
    expect(plansOnly.status).toBe(400);
    expect(plansOnly.body.errors).toContainEqual(expect.objectContaining({ path: '/disabledPlans' }));
    const both = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.apostrophe,
      skuId: DEMO_SKU_IDS.officeE3,
      removeLicenses: DEMO_SKU_IDS.officeE3,
    });
    expect(both.status).toBe(400);
    expect(both.body.errors).toContainEqual(expect.objectContaining({ path: '/removeLicenses/0' }));
  });

  it('answers USER_NOT_FOUND for an unknown user', async () => {
    const res = await service.call('manage-user-license', {
      userId: 'nobody@contoso.onmicrosoft.com',
      skuId: DEMO_SKU_IDS.officeE3,
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('USER_NOT_FOUND');
  });
});
