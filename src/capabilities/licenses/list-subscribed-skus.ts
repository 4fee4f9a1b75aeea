import { Type } from '@sinclair/typebox';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
} from '../common/common-schemas.js';
import { toOutput } from '../common/to-output.js';
import { fetchSkus, SkuSummarySchema } from './sku-catalogue.js';

const SubscribedSkusSchema = Type.Object(
  {
    '@odata.context': Type.Optional(Type.String()),
    value: Type.Array(Type.Object({}, { additionalProperties: true }), {
      description: "Graph's subscribedSku objects as sent.",
    }),
  },
  { additionalProperties: true },
);

export const listSubscribedSkus = defineCapability({
  id: 'list-subscribed-skus',
  name: 'List Subscribed SKUs',
  operationId: 'listSubscribedSkus',
  tag: 'licenses',
  summary: "The tenant's licenses: SKUs, seats and service plans",
  description:
    'Graph `GET /subscribedSkus`: `rawResponse` is its answer; `skus` sums each SKU up with its name (`skuPartNumber`), seats enabled, consumed and free, and its service plans by id and name, ' +
    'the names manage-user-license accepts (`skuPartNumber`, plan names in `disabledPlans`).',
  input: capabilityInput({}, {}),
  output: capabilityOutput(SubscribedSkusSchema, {
    skus: Type.Array(SkuSummarySchema),
  }),
  errorStatuses: [],
  mutates: () => false,
  outputExample: exampleOutput(
    {
      value: [
        {
          accountName: 'Contoso (emulator)',
          accountId: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
          appliesTo: 'User',
          capabilityStatus: 'Enabled',
          consumedUnits: 1,
          id: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b_6fd2c87f-b296-42f0-b197-1e91e994b900',
          prepaidUnits: {
            enabled: 25,
            lockedOut: 0,
            suspended: 0,
            warning: 0,
          },
          servicePlans: [
            {
              servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
              servicePlanName: 'EXCHANGE_S_ENTERPRISE',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
            {
              servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72',
              servicePlanName: 'SHAREPOINTENTERPRISE',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
            {
              servicePlanId: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c',
              servicePlanName: 'MCOSTANDARD',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
          ],
          skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
          skuPartNumber: 'ENTERPRISEPACK',
          subscriptionIds: ['5b2a0c11-4f4e-4d2b-9a51-8d7e6a0e0e01'],
        },
        {
          accountName: 'Contoso (emulator)',
          accountId: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
          appliesTo: 'User',
          capabilityStatus: 'Enabled',
          consumedUnits: 1,
          id: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b_efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
          prepaidUnits: {
            enabled: 10,
            lockedOut: 0,
            suspended: 0,
            warning: 0,
          },
          servicePlans: [
            {
              servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
              servicePlanName: 'AAD_PREMIUM',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
            {
              servicePlanId: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5',
              servicePlanName: 'INTUNE_A',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
          ],
          skuId: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
          skuPartNumber: 'EMS',
          subscriptionIds: ['5b2a0c11-4f4e-4d2b-9a51-8d7e6a0e0e02'],
        },
        {
          accountName: 'Contoso (emulator)',
          accountId: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
          appliesTo: 'User',
          capabilityStatus: 'Enabled',
          consumedUnits: 1,
          id: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b_f8a1db68-be16-40ed-86d5-cb42ce701560',
          prepaidUnits: {
            enabled: 2,
            lockedOut: 0,
            suspended: 0,
            warning: 0,
          },
          servicePlans: [
            {
              servicePlanId: '70d33638-9c74-4d01-bfd3-562de28bd4ba',
              servicePlanName: 'BI_AZURE_P2',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
          ],
          skuId: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
          skuPartNumber: 'POWER_BI_PRO',
          subscriptionIds: ['5b2a0c11-4f4e-4d2b-9a51-8d7e6a0e0e03'],
        },
      ],
      '@odata.context': exampleContext('subscribedSkus'),
    },
    200,
    {
      skus: [
        {
          skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
          skuPartNumber: 'ENTERPRISEPACK',
          capabilityStatus: 'Enabled',
          appliesTo: 'User',
          seats: {
            enabled: 25,
            consumed: 1,
            free: 24,
          },
          servicePlans: [
            {
              servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
              servicePlanName: 'EXCHANGE_S_ENTERPRISE',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
            {
              servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72',
              servicePlanName: 'SHAREPOINTENTERPRISE',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
            {
              servicePlanId: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c',
              servicePlanName: 'MCOSTANDARD',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
          ],
        },
        {
          skuId: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
          skuPartNumber: 'EMS',
          capabilityStatus: 'Enabled',
          appliesTo: 'User',
          seats: {
            enabled: 10,
            consumed: 1,
            free: 9,
          },
          servicePlans: [
            {
              servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d',
              servicePlanName: 'AAD_PREMIUM',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
            {
              servicePlanId: 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5',
              servicePlanName: 'INTUNE_A',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
          ],
        },
        {
          skuId: 'f8a1db68-be16-40ed-86d5-cb42ce701560',
          skuPartNumber: 'POWER_BI_PRO',
          capabilityStatus: 'Enabled',
          appliesTo: 'User',
          seats: {
            enabled: 2,
            consumed: 1,
            free: 1,
          },
          servicePlans: [
            {
              servicePlanId: '70d33638-9c74-4d01-bfd3-562de28bd4ba',
              servicePlanName: 'BI_AZURE_P2',
              provisioningStatus: 'Success',
              appliesTo: 'User',
            },
          ],
        },
      ],
    },
  ),
  async run(context) {
    const { response, skus } = await fetchSkus(context);
    return { ...toOutput(response), skus };
  },
});
