import { DEMO_PLAN_IDS, DEMO_SKU_IDS } from '@entra-user-management/graph-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../helpers/test-service.js';

describe('list-subscribed-skus against the emulator', () => {
  let service: TestService;
  const sku = (skuId: string) =>
    service.emulator.state.resolveTenant(service.emulator.demo.tenantId)!.licenses.findSku(skuId)!;

  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it("sums up each SKU's name, seats and plans by name, beside Graph's own answer", async () => {
    const answer = await service.call('list-subscribed-skus', {});
    expect(answer.status).toBe(200);
    expect(answer.body.output.statusCode).toBe(200);
    expect(answer.body.output.rawResponse.value).toHaveLength(3);
    const powerBi = sku(DEMO_SKU_IDS.powerBiPro);
    expect(answer.body.output.skus).toContainEqual({
      skuId: DEMO_SKU_IDS.powerBiPro,
      skuPartNumber: 'POWER_BI_PRO',
      capabilityStatus: 'Enabled',
      appliesTo: 'User',
      seats: {
        enabled: powerBi.enabledUnits,
        consumed: powerBi.consumedUnits,
        free: powerBi.enabledUnits - powerBi.consumedUnits,
      },
      servicePlans: [
        {
          servicePlanId: DEMO_PLAN_IDS.powerBi,
          servicePlanName: 'BI_AZURE_P2',
          provisioningStatus: 'Success',
          appliesTo: 'User',
        },
      ],
    });
    const office = answer.body.output.skus.find(
      (item: { skuPartNumber: string }) => item.skuPartNumber === 'ENTERPRISEPACK',
    );
    expect(office.servicePlans.map((plan: { servicePlanName: string }) => plan.servicePlanName)).toContain(
      'TEAMS1',
    );
  });

  it('shows seat counts as they are now, not as they were cached', async () => {
    const before = await service.call('list-subscribed-skus', {});
    const free = (body: typeof before.body) =>
      body.output.skus.find((item: { skuId: string }) => item.skuId === DEMO_SKU_IDS.officeE3).seats.free;
    sku(DEMO_SKU_IDS.officeE3).consumedUnits += 1;
    const after = await service.call('list-subscribed-skus', {});
    expect(free(after.body)).toBe(free(before.body) - 1);
  });

  it('refuses a field it does not take', async () => {
    const answer = await service.call('list-subscribed-skus', { skuId: DEMO_SKU_IDS.officeE3 });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION_FAILED');
  });
});
