// The demo tenant's subscriptions: real Microsoft product SKU and service-plan ids (public
// catalogue values), with seat counts small enough that tests can exhaust one.

import type { SkuInit } from '../directory/licenses.js';

export const DEMO_SKU_IDS = {
  /** Office 365 E3: 25 seats, four plans. */
  officeE3: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  /** Enterprise Mobility + Security E3: assigned to users through a group. */
  emsE3: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
  /** Power BI Pro: 2 seats, one taken by a fixture user, so a test can run out. */
  powerBiPro: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
} as const;

export const DEMO_PLAN_IDS = {
  exchange: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  sharePoint: '5dbe027f-2339-4123-9542-606e4d348a72',
  skypeForBusiness: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c',
  teams: '57ff2da0-773e-42df-b2af-ffb7a2317929',
  entraIdP1: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
  intune: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5',
  powerBi: '70d33638-9c74-4d01-bfd3-562de28bd4ba',
} as const;

export function demoSkus(): SkuInit[] {
  return [
    {
      skuId: DEMO_SKU_IDS.officeE3,
      skuPartNumber: 'ENTERPRISEPACK',
      enabledUnits: 25,
      capabilityStatus: 'Enabled',
      subscriptionIds: ['5b2a0c11-4f4e-4d2b-9a51-8d7e6a0e0e01'],
      servicePlans: [
        plan(DEMO_PLAN_IDS.exchange, 'EXCHANGE_S_ENTERPRISE', 'exchange'),
        plan(DEMO_PLAN_IDS.sharePoint, 'SHAREPOINTENTERPRISE', 'SharePoint'),
        plan(DEMO_PLAN_IDS.skypeForBusiness, 'MCOSTANDARD', 'MicrosoftCommunicationsOnline'),
        plan(DEMO_PLAN_IDS.teams, 'TEAMS1', 'TeamspaceAPI'),
      ],
    },
    {
      skuId: DEMO_SKU_IDS.emsE3,
      skuPartNumber: 'EMS',
      enabledUnits: 10,
      capabilityStatus: 'Enabled',
      subscriptionIds: ['5b2a0c11-4f4e-4d2b-9a51-8d7e6a0e0e02'],
      servicePlans: [
        plan(DEMO_PLAN_IDS.entraIdP1, 'AAD_PREMIUM', 'AADPremiumService'),
        plan(DEMO_PLAN_IDS.intune, 'INTUNE_A', 'SCO'),
      ],
    },
    {
      skuId: DEMO_SKU_IDS.powerBiPro,
      skuPartNumber: 'POWER_BI_PRO',
      enabledUnits: 2,
      capabilityStatus: 'Enabled',
      subscriptionIds: ['5b2a0c11-4f4e-4d2b-9a51-8d7e6a0e0e03'],
      servicePlans: [plan(DEMO_PLAN_IDS.powerBi, 'BI_AZURE_P2', 'PowerBI')],
    },
  ];
}

function plan(servicePlanId: string, servicePlanName: string, service: string) {
  return { servicePlanId, servicePlanName, appliesTo: 'User', service };
}
