import { Type } from '@sinclair/typebox';
import { badRequest } from '../../errors/problem.js';
import type { FieldProblem } from '../../errors/service-error.js';
import { userPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
  UserIdSchema,
  UserRepresentationSchema,
} from '../shared/common-schemas.js';
import { idListSchema, isGuid, parseIdList } from '../shared/id-list-input.js';
import { toOutput } from '../shared/to-output.js';

const ManageUserLicenseInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    skuId: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'SKU id of the license to grant, e.g. "45715bb8-13f9-4bf6-927f-ef96c102d394". Empty means none.',
      }),
    ),
    removeLicenses: Type.Optional(
      idListSchema('SKU ids of the licenses to revoke, e.g. ["bea13e0c-3828-4daa-a392-28af7ff61a0f"].'),
    ),
    disabledPlans: Type.Optional(
      idListSchema(
        'Service plan ids of `skuId` to turn off, e.g. ["11b0131d-43c8-4bbb-b2c8-e80f9a50834a"]; sending the same skuId again with another list replaces them.',
      ),
    ),
  },
  {
    // The sandbox's administrator holds Office 365 E3 and Power BI Pro: keep E3 with Teams turned
    // off, and give the Power BI Pro seat back.
    userId: '$admin@contoso.onmicrosoft.com',
    skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
    disabledPlans: ['57ff2da0-773e-42df-b2af-ffb7a2317929'],
    removeLicenses: ['f8a1db68-be16-40ed-86d5-cb42ce701560'],
  },
);

export const manageUserLicense = defineCapability({
  id: 'manage-user-license',
  name: 'Manage User License',
  operationId: 'manageUserLicense',
  tag: 'licenses',
  summary: "Add, remove or disable plans of a user's licenses",
  description:
    'Calls Graph `POST /users/{id}/assignLicense` with `addLicenses` ([{skuId, disabledPlans}] when `skuId` is given) and `removeLicenses`, both always sent. ' +
    'Every id is checked to be a GUID before any call, and at least one change must be asked for (NOTHING_TO_CHANGE). ' +
    'The user needs a usageLocation (USAGE_LOCATION_REQUIRED); other refusals: UNKNOWN_SKU, NO_FREE_LICENSES, INVALID_DISABLED_PLAN, LICENSE_NOT_ASSIGNED, LICENSE_INHERITED_FROM_GROUP. ' +
    'rawResponse is the updated user; read `assignedLicenses` / `assignedPlans` back with read-user and `select`.',
  input: ManageUserLicenseInputSchema,
  output: capabilityOutput(UserRepresentationSchema),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404, 409],
  outputExample: exampleOutput(
    {
      '@odata.context': exampleContext('users/$entity'),
      id: 'a1d5e3f0-0003-4a1e-9000-00000000a003',
      displayName: 'Break-glass Admin',
      userPrincipalName: '$admin@contoso.onmicrosoft.com',
      assignedLicenses: [
        {
          disabledPlans: ['57ff2da0-773e-42df-b2af-ffb7a2317929'],
          skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
        },
        { disabledPlans: [], skuId: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e' },
      ],
    },
    200,
  ),
  async run({ graph, connection, requestId, deadline }, input) {
    const { addLicenses, removeLicenses } = licenseChanges(input);
    const response = await graph.send({
      connection,
      method: 'POST',
      path: `${userPath(input.userId)}/assignLicense`,
      body: { addLicenses, removeLicenses },
      // Applying the same assignment twice leaves the same state.
      idempotent: true,
      requestId,
      deadline,
    });
    return toOutput(response);
  },
});

/** The assignLicense payload, or a 400 naming every bad field. */
function licenseChanges(input: {
  skuId?: string;
  removeLicenses?: string | string[];
  disabledPlans?: string | string[];
}) {
  const errors: FieldProblem[] = [];
  const skuId = input.skuId?.trim() ?? '';
  if (skuId !== '' && !isGuid(skuId)) errors.push({ path: '/skuId', message: 'must be a GUID' });
  const remove = parseIdList(input.removeLicenses, 'removeLicenses');
  const disabled = parseIdList(input.disabledPlans, 'disabledPlans');
  errors.push(...remove.errors, ...disabled.errors);
  if (skuId === '' && disabled.ids.length > 0) {
    errors.push({
      path: '/disabledPlans',
      message: 'disabledPlans apply to skuId; give the skuId they belong to',
    });
  }
  const add = skuId.toLowerCase();
  remove.ids.forEach((id, index) => {
    if (id === add)
      errors.push({ path: `/removeLicenses/${index}`, message: 'the same SKU cannot be added and removed' });
  });
  if (errors.length > 0) {
    throw badRequest('VALIDATION_FAILED', `Invalid fields: ${errors.map((e) => e.path).join(', ')}`, errors);
  }
  if (skuId === '' && remove.ids.length === 0) {
    throw badRequest('NOTHING_TO_CHANGE', 'Give skuId (with optional disabledPlans) and/or removeLicenses.', [
      { path: '/skuId', message: 'no license to add or remove' },
    ]);
  }
  return {
    addLicenses: skuId === '' ? [] : [{ skuId: add, disabledPlans: disabled.ids }],
    removeLicenses: remove.ids,
  };
}
