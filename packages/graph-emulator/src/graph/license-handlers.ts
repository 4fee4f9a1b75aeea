// GET /subscribedSkus and POST /users/{id}/assignLicense with Graph's checks, in Graph's
// order: payload shape, usage location, SKU ownership, disabled plans, removals, free seats.
// https://learn.microsoft.com/graph/api/user-assignlicense

import type { LicenseAssignment } from '../directory/group-record.js';
import { effectiveLicenses, refreshUserLicenses } from '../directory/license-assignment.js';
import type { SkuRecord } from '../directory/licenses.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { sendOData } from './graph-response.js';
import { licenseErrors, membershipErrors } from './group-license-errors.js';
import { isGuid } from './object-id.js';
import { projectUser } from './select-projection.js';
import { findUserOr404 } from './user-handlers.js';

export function listSubscribedSkus(ctx: GraphContext) {
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'subscribedSkus'),
    value: ctx.tenant.licenses.skus().map((sku) => skuRepresentation(ctx, sku)),
  });
}

export function assignLicense(ctx: GraphContext, key: string) {
  const user = findUserOr404(ctx, key);
  const { add, remove } = parsePayload(ctx.request.body);
  const licenses = ctx.tenant.licenses;
  if (add.length > 0 && typeof user.props['usageLocation'] !== 'string') {
    throw licenseErrors.usageLocation();
  }
  for (const skuId of [...add.map((a) => a.skuId), ...remove]) {
    if (!licenses.findSku(skuId)) {
      throw licenseErrors.unknownSku(skuId);
    }
  }
  for (const assignment of add) {
    const plans = new Set(licenses.findSku(assignment.skuId)!.servicePlans.map((p) => p.servicePlanId));
    const foreign = assignment.disabledPlans.find((plan) => !plans.has(plan));
    if (foreign !== undefined) {
      throw licenseErrors.foreignPlan(foreign, assignment.skuId);
    }
  }
  const before = effectiveLicenses(ctx.tenant, user.props.id);
  const direct = licenses.directAssignments(user.props.id);
  for (const skuId of remove) {
    if (direct.some((a) => a.skuId === skuId)) continue;
    if (before.some((l) => l.skuId === skuId)) {
      throw licenseErrors.inheritedFromGroup();
    }
    throw licenseErrors.notAssigned();
  }
  for (const assignment of add) {
    // A seat is only taken when the user does not already hold the SKU (directly or via a group).
    if (before.some((l) => l.skuId === assignment.skuId)) continue;
    const sku = licenses.findSku(assignment.skuId)!;
    if (licenses.availableUnits(sku) <= 0) {
      throw licenseErrors.noSeats(sku.skuId);
    }
  }
  const next = direct.filter((a) => !remove.includes(a.skuId) && !add.some((b) => b.skuId === a.skuId));
  licenses.setDirectAssignments(user.props.id, [...next, ...add]);
  refreshUserLicenses(ctx.tenant, user);
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'users/$entity'),
    ...projectUser(user.props, ['accountEnabled', 'assignedLicenses', 'assignedPlans']),
    ...projectUser(user.props, undefined),
  });
}

/** Both arrays are required (Graph 400s without `removeLicenses`); every id must be a GUID. */
function parsePayload(body: unknown): { add: LicenseAssignment[]; remove: string[] } {
  const payload = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  for (const name of ['addLicenses', 'removeLicenses']) {
    if (!Array.isArray(payload[name])) {
      throw membershipErrors.parameterRequired(name, 'an array');
    }
  }
  const add = (payload['addLicenses'] as unknown[]).map((item) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const disabled = entry['disabledPlans'] ?? [];
    if (!Array.isArray(disabled)) throw licenseErrors.notAGuid();
    return { skuId: guid(entry['skuId']), disabledPlans: disabled.map(guid) };
  });
  const remove = (payload['removeLicenses'] as unknown[]).map(guid);
  return { add, remove };
}

function guid(value: unknown): string {
  if (typeof value !== 'string' || !isGuid(value)) throw licenseErrors.notAGuid();
  return value.toLowerCase();
}

function skuRepresentation(ctx: GraphContext, sku: SkuRecord) {
  return {
    accountName: ctx.tenant.displayName,
    accountId: ctx.tenant.tenantId,
    appliesTo: 'User',
    capabilityStatus: sku.capabilityStatus,
    consumedUnits: sku.consumedUnits,
    id: `${ctx.tenant.tenantId}_${sku.skuId}`,
    prepaidUnits: { enabled: sku.enabledUnits, lockedOut: 0, suspended: 0, warning: 0 },
    servicePlans: sku.servicePlans.map((plan) => ({
      servicePlanId: plan.servicePlanId,
      servicePlanName: plan.servicePlanName,
      provisioningStatus: 'Success',
      appliesTo: plan.appliesTo,
    })),
    skuId: sku.skuId,
    skuPartNumber: sku.skuPartNumber,
    subscriptionIds: sku.subscriptionIds,
  };
}
