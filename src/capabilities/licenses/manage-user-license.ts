import { Type } from '@sinclair/typebox';
import { badRequest, problem } from '../../errors/problem.js';
import { GraphError } from '../../graph/graph-error.js';
import { graphProblem } from '../../graph/graph-problem.js';
import { userPath } from '../../graph/user-path.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
  UserIdSchema,
  UserRepresentationSchema,
} from '../common/common-schemas.js';
import { idListSchema } from '../common/id-list-input.js';
import { toOutput } from '../common/to-output.js';
import {
  checkRemovals,
  checkSeats,
  readLicenseUser,
  resolvePlans,
  resolveSku,
  withSeatCounts,
} from './license-preflight.js';
import { parseLicenseRequest } from './license-request.js';
import type { SkuSummary } from './sku-catalogue.js';

const ManageUserLicenseInputSchema = capabilityInput(
  {
    userId: UserIdSchema,
    skuId: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'SKU id of the license to grant, e.g. "45715bb8-13f9-4bf6-927f-ef96c102d394". Empty means none. Or give skuPartNumber.',
      }),
    ),
    skuPartNumber: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          'The license to grant by name instead of skuId, e.g. "ENTERPRISEPACK" (case-insensitive; list-subscribed-skus lists the names).',
      }),
    ),
    removeLicenses: Type.Optional(
      idListSchema('SKU ids of the licenses to revoke, e.g. ["bea13e0c-3828-4daa-a392-28af7ff61a0f"].'),
    ),
    disabledPlans: Type.Optional(
      idListSchema(
        'Service plans of the SKU added to turn off, by id or name, e.g. ["TEAMS1"] or ["57ff2da0-773e-42df-b2af-ffb7a2317929"]; sending the same SKU again with another list replaces them.',
      ),
    ),
    usageLocation: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z]{2}$',
        description:
          'Two-letter country code (e.g. "US") set on the user first when the user has none, which licensing requires; ignored when the user has one.',
      }),
    ),
  },
  {
    // The sandbox's administrator holds Office 365 E3 (ENTERPRISEPACK) and Power BI Pro: keep E3
    // with Teams (TEAMS1) turned off, by name, and give the Power BI Pro seat back.
    userId: '$admin@contoso.onmicrosoft.com',
    skuPartNumber: 'ENTERPRISEPACK',
    disabledPlans: ['TEAMS1'],
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
    'Calls Graph `POST /users/{id}/assignLicense` with `addLicenses` ([{skuId, disabledPlans}] when a SKU is given) and `removeLicenses`, both always sent. ' +
    "The SKU may be named by `skuPartNumber` and plans by name; names are resolved through the tenant's subscribedSkus (kept briefly per tenant), an unknown name is 400 UNKNOWN_SKU_PART_NUMBER or UNKNOWN_SERVICE_PLAN listing the names that exist. " +
    'Before Graph is asked to change anything the call checks: the user has a usageLocation (409 USAGE_LOCATION_REQUIRED, unless `usageLocation` is sent, which is then set on the user), ' +
    'a seat is free (409 NO_FREE_LICENSES with the counts in `seats`), each plan belongs to the SKU (400 INVALID_DISABLED_PLAN), and a license to remove is not held only through a group (409 LICENSE_INHERITED_FROM_GROUP naming the group in `groups`). ' +
    'Other refusals: UNKNOWN_SKU, LICENSE_NOT_ASSIGNED, NOTHING_TO_CHANGE. rawResponse is the updated user; read `assignedLicenses` / `assignedPlans` back with read-user and `select`.',
  input: ManageUserLicenseInputSchema,
  output: capabilityOutput(UserRepresentationSchema, {
    usageLocationSet: Type.Boolean({
      description:
        "true when the request's usageLocation was set on the user (who had none) before the assignment.",
    }),
  }),
  notFoundCode: 'USER_NOT_FOUND',
  errorStatuses: [404, 409],
  mutates: () => true,
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
    { usageLocationSet: false },
  ),
  async run(context, input) {
    const request = parseLicenseRequest(input);
    const namesUsed =
      (request.add !== undefined && 'skuPartNumber' in request.add) ||
      request.disabledPlans.some((plan) => 'name' in plan);

    let sku: SkuSummary | undefined;
    const addLicenses: Array<{ skuId: string; disabledPlans: string[] }> = [];
    if (request.add) {
      sku = await resolveSku(context, request.add, namesUsed);
      // Without the SKU list the SKU was given by id and every plan is an id (resolveSku says so).
      const skuId = sku?.skuId ?? ('skuId' in request.add ? request.add.skuId : '');
      const disabledPlans = sku
        ? resolvePlans(sku, request.disabledPlans)
        : request.disabledPlans.flatMap((plan) => ('id' in plan ? [plan.id] : []));
      const removedToo = request.remove.indexOf(skuId);
      if (removedToo >= 0) {
        throw badRequest('VALIDATION_FAILED', 'The same SKU cannot be added and removed.', [
          { path: `/removeLicenses/${removedToo}`, message: 'the same SKU cannot be added and removed' },
        ]);
      }
      addLicenses.push({ skuId, disabledPlans });
    }

    // A 404 here is USER_NOT_FOUND (notFoundCode).
    const user = await readLicenseUser(context, input.userId);
    const setUsageLocation = request.add !== undefined && user.usageLocation === null;
    if (setUsageLocation && !request.usageLocation) {
      throw problem('USAGE_LOCATION_REQUIRED', 'The user has no usageLocation, which licensing requires.', {
        errors: [{ path: '/usageLocation', message: 'send the two-letter country code to set on the user' }],
      });
    }
    await checkRemovals(context, user, request.remove);
    if (sku) await checkSeats(context, sku, user);
    // Only now, when nothing else stands in the way, is the user changed.
    if (setUsageLocation) {
      await context.graph.send({
        connection: context.connection,
        method: 'PATCH',
        path: userPath(user.id),
        body: { usageLocation: request.usageLocation },
        // Setting the same value again changes nothing.
        idempotent: true,
        requestId: context.requestId,
        deadline: context.deadline,
      });
    }

    try {
      const response = await context.graph.send({
        connection: context.connection,
        method: 'POST',
        path: `${userPath(user.id)}/assignLicense`,
        body: { addLicenses, removeLicenses: request.remove },
        // Applying the same assignment twice leaves the same state.
        idempotent: true,
        requestId: context.requestId,
        deadline: context.deadline,
      });
      return { ...toOutput(response), usageLocationSet: setUsageLocation };
    } catch (error) {
      // The seats ran out after the (cached) counts were read: Graph refused; add today's counts.
      if (sku && error instanceof GraphError && graphProblem(error).code === 'NO_FREE_LICENSES') {
        throw await withSeatCounts(context, graphProblem(error), sku);
      }
      throw error;
    }
  },
});
