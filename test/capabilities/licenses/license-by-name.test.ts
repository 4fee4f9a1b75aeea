import {
  DEMO_PLAN_IDS,
  DEMO_SKU_IDS,
  FIXTURE_IDS,
  FIXTURE_UPNS,
} from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

describe('manage-user-license by name, with preflight checks, against the emulator', () => {
  let service: TestService;
  const tenant = () => service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!;
  const user = (id: string) => service.emulator.state.getUser(service.emulator.demo.tenantId, id)!;
  const generated = (index: number) => {
    const record = [...tenant().activeUsersAfter(3)][index]!;
    return { id: record.props.id, upn: record.props.userPrincipalName as string };
  };

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it('grants a SKU named by skuPartNumber with plans named in any case', async () => {
    const target = generated(0);
    const answer = await service.call('manage-user-license', {
      userId: target.upn,
      skuPartNumber: 'enterprisepack',
      disabledPlans: ['TEAMS1', 'mcostandard'],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.output.usageLocationSet).toBe(false);
    expect(user(target.id)['assignedLicenses']).toEqual([
      { disabledPlans: [DEMO_PLAN_IDS.teams, DEMO_PLAN_IDS.skypeForBusiness], skuId: DEMO_SKU_IDS.officeE3 },
    ]);
  });

  it('refuses an unknown skuPartNumber before any change, listing the names that exist', async () => {
    const target = generated(1);
    const answer = await service.call('manage-user-license', { userId: target.id, skuPartNumber: 'SPE_E5' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'UNKNOWN_SKU_PART_NUMBER',
      source: 'request',
      errors: [{ path: '/skuPartNumber' }],
      validValues: ['ENTERPRISEPACK', 'EMS', 'POWER_BI_PRO'],
    });
    expect(answer.body.detail).toContain('ENTERPRISEPACK');
    expect(user(target.id)['assignedLicenses'] ?? []).toEqual([]);
  });

  it("refuses a plan name the SKU does not have, listing the SKU's plans", async () => {
    const target = generated(1);
    const answer = await service.call('manage-user-license', {
      userId: target.id,
      skuId: DEMO_SKU_IDS.emsE3,
      disabledPlans: 'INTUNE_A, TEAMS1',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 'UNKNOWN_SERVICE_PLAN',
      errors: [{ path: '/disabledPlans/1' }],
      validValues: ['AAD_PREMIUM', 'INTUNE_A'],
    });
    expect(user(target.id)['assignedLicenses'] ?? []).toEqual([]);
  });

  it('refuses skuId and skuPartNumber together, naming the field', async () => {
    const answer = await service.call('manage-user-license', {
      userId: generated(1).id,
      skuId: DEMO_SKU_IDS.emsE3,
      skuPartNumber: 'EMS',
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: '/skuPartNumber' }] });
  });

  it("sets the request's usageLocation on a user who has none, then grants the license", async () => {
    expect(user(FIXTURE_IDS.guest)['usageLocation'] ?? null).toBeNull();
    const answer = await service.call('manage-user-license', {
      userId: FIXTURE_UPNS.guest,
      skuPartNumber: 'EMS',
      usageLocation: 'ie',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.output.usageLocationSet).toBe(true);
    expect(user(FIXTURE_IDS.guest)['usageLocation']).toBe('IE');
    expect(user(FIXTURE_IDS.guest)['assignedLicenses']).toEqual([
      { disabledPlans: [], skuId: DEMO_SKU_IDS.emsE3 },
    ]);
  });

  it("leaves a user's own usageLocation alone", async () => {
    const answer = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.apostrophe,
      skuPartNumber: 'EMS',
      usageLocation: 'US',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.output.usageLocationSet).toBe(false);
    expect(user(FIXTURE_IDS.apostrophe)['usageLocation']).toBe('IE');
  });

  it('refuses the request usageLocation when it is not a two-letter code', async () => {
    const answer = await service.call('manage-user-license', {
      userId: FIXTURE_IDS.guest,
      skuPartNumber: 'EMS',
      usageLocation: 'Ireland',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].path).toBe('/usageLocation');
  });

  describe('when every seat is taken', () => {
    const powerBi = () => tenant().licenses.findSku(DEMO_SKU_IDS.powerBiPro)!;

    beforeAll(async () => {
      // Two seats, the dollar admin holds one: the apostrophe fixture takes the other.
      const taken = await service.call('manage-user-license', {
        userId: FIXTURE_IDS.apostrophe,
        skuPartNumber: 'POWER_BI_PRO',
      });
      expect(taken.status).toBe(200);
      expect(powerBi().consumedUnits).toBe(powerBi().enabledUnits);
    });

    it('refuses before Graph is asked, with the counts, once the SKU list is current', async () => {
      await service.call('list-subscribed-skus', {});
      const target = generated(2);
      const answer = await service.call('manage-user-license', {
        userId: target.id,
        skuPartNumber: 'POWER_BI_PRO',
      });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({
        code: 'NO_FREE_LICENSES',
        seats: {
          skuId: DEMO_SKU_IDS.powerBiPro,
          skuPartNumber: 'POWER_BI_PRO',
          enabled: 2,
          consumed: 2,
          free: 0,
        },
      });
      // Refused by the preflight: Graph's refusal would carry its own error.
      expect(answer.body.graph).toBeUndefined();
      expect(user(target.id)['assignedLicenses'] ?? []).toEqual([]);
    });

    it('still lets a user who already holds the SKU change its plans', async () => {
      const answer = await service.call('manage-user-license', {
        userId: FIXTURE_UPNS.dollar,
        skuId: DEMO_SKU_IDS.powerBiPro,
        disabledPlans: ['BI_AZURE_P2'],
      });
      expect(answer.status).toBe(200);
      expect(user(FIXTURE_IDS.dollar)['assignedLicenses']).toContainEqual({
        disabledPlans: [DEMO_PLAN_IDS.powerBi],
        skuId: DEMO_SKU_IDS.powerBiPro,
      });
    });
  });
});
