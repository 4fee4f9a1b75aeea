import { Type } from '@sinclair/typebox';
import { defineCapability } from '../capability.js';
import { capabilityInput, capabilityOutput } from '../shared/common-schemas.js';
import { toOutput } from '../shared/to-output.js';
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
  async run(context) {
    const { response, skus } = await fetchSkus(context);
    return { ...toOutput(response), skus };
  },
});
