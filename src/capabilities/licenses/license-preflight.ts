import { problem } from '../../errors/problem.js';
import type { GroupReference, ServiceError } from '../../errors/service-error.js';
import { GraphError } from '../../graph/graph-error.js';
import { groupPath, userPath } from '../../graph/user-path.js';
import type { CapabilityContext } from '../capability.js';
import type { LicenseRequest } from './license-request.js';
import { fetchSkus, type SkuSummary, tenantSkus } from './sku-catalogue.js';

/**
 * The checks manage-user-license makes before it asks Graph to assign anything, so each refusal
 * comes with what the caller needs to act on it (the names that exist, the seat counts, the group
 * a license comes from). Graph still has the last word: its own refusals map to the same codes.
 */

/** What the checks need to know about the user. */
export interface LicenseUser {
  id: string;
  usageLocation: string | null;
  /** SKUs the user holds, directly or through a group. */
  heldSkuIds: Set<string>;
  /** How each SKU is held; undefined when Graph did not say. */
  states?: Array<{ skuId: string; assignedByGroup: string | null }>;
}

export async function readLicenseUser(context: CapabilityContext, userId: string): Promise<LicenseUser> {
  const response = await context.graph.send<Record<string, unknown>>({
    connection: context.connection,
    method: 'GET',
    path: userPath(userId),
    query: new URLSearchParams({ $select: 'id,usageLocation,assignedLicenses,licenseAssignmentStates' }),
    requestId: context.requestId,
    deadline: context.deadline,
  });
  const user = response.body ?? {};
  const licenses = Array.isArray(user['assignedLicenses']) ? user['assignedLicenses'] : [];
  const states = Array.isArray(user['licenseAssignmentStates']) ? user['licenseAssignmentStates'] : undefined;
  return {
    id: typeof user['id'] === 'string' ? user['id'] : userId,
    usageLocation:
      typeof user['usageLocation'] === 'string' && user['usageLocation'] !== ''
        ? user['usageLocation']
        : null,
    heldSkuIds: new Set(licenses.map((license) => skuIdOf(license)).filter((id) => id !== '')),
    ...(states
      ? {
          states: states.map((state) => ({
            skuId: skuIdOf(state),
            assignedByGroup:
              typeof (state as Record<string, unknown>)['assignedByGroup'] === 'string'
                ? ((state as Record<string, unknown>)['assignedByGroup'] as string).toLowerCase()
                : null,
          })),
        }
      : {}),
  };
}

/**
 * The SKU to add, found in the tenant's SKUs. Undefined when the SKU was given by id and the SKUs
 * cannot be read (the app may lack the permission): the call then goes on as before this check
 * existed, and Graph judges the id.
 */
export async function resolveSku(
  context: CapabilityContext,
  add: NonNullable<LicenseRequest['add']>,
  namesUsed: boolean,
): Promise<SkuSummary | undefined> {
  let skus: SkuSummary[];
  try {
    skus = await tenantSkus(context);
  } catch (error) {
    if ('skuId' in add && !namesUsed && error instanceof GraphError && error.status === 403) return undefined;
    throw error;
  }
  if ('skuId' in add) {
    const sku = skus.find((candidate) => candidate.skuId === add.skuId);
    if (!sku) {
      throw problem('UNKNOWN_SKU', `The tenant has no SKU ${add.skuId}.`, {
        errors: [{ path: '/skuId', message: 'not a SKU of the tenant' }],
        validValues: skus.map((candidate) => `${candidate.skuPartNumber} (${candidate.skuId})`),
      });
    }
    return sku;
  }
  const wanted = add.skuPartNumber.toLowerCase();
  const sku = skus.find((candidate) => candidate.skuPartNumber.toLowerCase() === wanted);
  if (!sku) {
    const names = skus.map((candidate) => candidate.skuPartNumber);
    throw problem(
      'UNKNOWN_SKU_PART_NUMBER',
      `The tenant has no SKU named ${add.skuPartNumber}; it has ${names.join(', ') || 'none'}.`,
      { errors: [{ path: '/skuPartNumber', message: 'not a SKU of the tenant' }], validValues: names },
    );
  }
  return sku;
}

/** The ids of the plans to disable, each checked to be a plan of the SKU. */
export function resolvePlans(sku: SkuSummary, plans: LicenseRequest['disabledPlans']): string[] {
  const names = sku.servicePlans.map((plan) => plan.servicePlanName);
  const ids: string[] = [];
  plans.forEach((plan, index) => {
    const found =
      'id' in plan
        ? sku.servicePlans.find((candidate) => candidate.servicePlanId === plan.id)
        : sku.servicePlans.find(
            (candidate) => candidate.servicePlanName.toLowerCase() === plan.name.toLowerCase(),
          );
    if (!found && 'name' in plan) {
      throw problem(
        'UNKNOWN_SERVICE_PLAN',
        `${sku.skuPartNumber} has no service plan named ${plan.name}; it has ${names.join(', ')}.`,
        {
          errors: [{ path: `/disabledPlans/${index}`, message: 'not a plan of the SKU' }],
          validValues: names,
        },
      );
    }
    if (!found) {
      throw problem(
        'INVALID_DISABLED_PLAN',
        `${'id' in plan ? plan.id : ''} is not a service plan of ${sku.skuPartNumber}.`,
        {
          errors: [{ path: `/disabledPlans/${index}`, message: 'not a plan of the SKU' }],
          validValues: sku.servicePlans.map(
            (candidate) => `${candidate.servicePlanName} (${candidate.servicePlanId})`,
          ),
        },
      );
    }
    if (!ids.includes(found.servicePlanId)) ids.push(found.servicePlanId);
  });
  return ids;
}

/**
 * A user who does not hold the SKU yet takes a seat. Cached counts may be stale, so a SKU that
 * looks full is read again before the call is refused.
 */
export async function checkSeats(
  context: CapabilityContext,
  sku: SkuSummary,
  user: LicenseUser,
): Promise<void> {
  if (user.heldSkuIds.has(sku.skuId) || sku.seats.free > 0) return;
  const fresh = (await fetchSkus(context)).skus.find((candidate) => candidate.skuId === sku.skuId) ?? sku;
  if (fresh.seats.free > 0) return;
  throw noFreeSeats(fresh);
}

function noFreeSeats(sku: SkuSummary) {
  return problem(
    'NO_FREE_LICENSES',
    `All ${sku.seats.enabled} seats of ${sku.skuPartNumber} are in use (${sku.seats.consumed} consumed).`,
    { seats: { skuId: sku.skuId, skuPartNumber: sku.skuPartNumber, ...sku.seats } },
  );
}

/** Graph's own NO_FREE_LICENSES (`refusal`) with the SKU's seat counts read now (as it was when they cannot be read). */
export async function withSeatCounts(
  context: CapabilityContext,
  refusal: ServiceError,
  sku: SkuSummary,
): Promise<ServiceError> {
  try {
    const fresh = (await fetchSkus(context)).skus.find((candidate) => candidate.skuId === sku.skuId) ?? sku;
    const seats = { skuId: fresh.skuId, skuPartNumber: fresh.skuPartNumber, ...fresh.seats };
    return problem('NO_FREE_LICENSES', refusal.detail, { ...refusal.extra, seats });
  } catch {
    return refusal;
  }
}

/** A SKU the user holds only through groups cannot be removed from the user: name the groups. */
export async function checkRemovals(context: CapabilityContext, user: LicenseUser, remove: string[]) {
  if (!user.states) return;
  for (const skuId of remove) {
    const states = user.states.filter((state) => state.skuId === skuId);
    if (states.length === 0 || states.some((state) => state.assignedByGroup === null)) continue;
    const groups = await Promise.all(
      [...new Set(states.map((state) => state.assignedByGroup as string))].map((id) =>
        groupReference(context, id),
      ),
    );
    throw problem(
      'LICENSE_INHERITED_FROM_GROUP',
      `The user holds ${skuId} only through ${groups.map((group) => group.displayName ?? group.id).join(', ')}; it cannot be removed from the user directly.`,
      { groups, errors: [{ path: '/removeLicenses', message: `${skuId} is inherited from a group` }] },
    );
  }
}

/** The group's id and, when it can be read, its name. */
async function groupReference(context: CapabilityContext, id: string): Promise<GroupReference> {
  try {
    const response = await context.graph.send<{ displayName?: unknown }>({
      connection: context.connection,
      method: 'GET',
      path: groupPath(id),
      query: new URLSearchParams({ $select: 'id,displayName' }),
      requestId: context.requestId,
      deadline: context.deadline,
    });
    const name = response.body?.displayName;
    return typeof name === 'string' ? { id, displayName: name } : { id };
  } catch {
    // The id alone still names the group.
    return { id };
  }
}

function skuIdOf(item: unknown): string {
  const skuId =
    typeof item === 'object' && item !== null ? (item as Record<string, unknown>)['skuId'] : undefined;
  return typeof skuId === 'string' ? skuId.toLowerCase() : '';
}
