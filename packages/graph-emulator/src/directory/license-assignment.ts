// A user's effective licenses: direct assignments plus those inherited from groups the user is a
// direct member of (group-based licensing does not flow through nested groups). Keeps the user's
// `assignedLicenses` / `assignedPlans` / `licenseAssignmentStates` and every SKU's
// `consumedUnits` in step with them.
// https://learn.microsoft.com/graph/api/resources/licenseassignmentstate

import type { GroupRecord, LicenseAssignment } from './group-record.js';
import type { TenantDirectory } from './tenant-directory.js';
import type { UserRecord } from './user-record.js';

export interface EffectiveLicense extends LicenseAssignment {
  direct: boolean;
  /** Ids of the groups the SKU is inherited from. */
  inheritedFrom: string[];
}

/** One way the user holds a SKU: directly (`assignedByGroup` null) or through one group. */
interface LicenseAssignmentState {
  assignedByGroup: string | null;
  disabledPlans: string[];
  error: string;
  lastUpdatedDateTime: string;
  skuId: string;
  state: string;
}

interface AssignedPlan {
  assignedDateTime: string;
  capabilityStatus: string;
  service: string;
  servicePlanId: string;
}

export function effectiveLicenses(tenant: TenantDirectory, userId: string): EffectiveLicense[] {
  const bySku = new Map<string, EffectiveLicense>();
  const merge = (assignment: LicenseAssignment, groupId?: string) => {
    const skuId = assignment.skuId.toLowerCase();
    const existing = bySku.get(skuId);
    if (!existing) {
      bySku.set(skuId, {
        skuId,
        disabledPlans: [...assignment.disabledPlans],
        direct: groupId === undefined,
        inheritedFrom: groupId === undefined ? [] : [groupId],
      });
      return;
    }
    // A plan stays disabled only if every assignment of the SKU disables it.
    existing.disabledPlans = existing.disabledPlans.filter((plan) => assignment.disabledPlans.includes(plan));
    if (groupId === undefined) existing.direct = true;
    else existing.inheritedFrom.push(groupId);
  };
  for (const assignment of tenant.licenses.directAssignments(userId)) merge(assignment);
  for (const group of tenant.groups.directGroupsOf(userId)) {
    for (const assignment of group.assignedLicenses) merge(assignment, group.props.id);
  }
  return [...bySku.values()];
}

/**
 * Recomputes the user's license properties and the SKUs' seat counts after any change. `silent`
 * (seeding only) writes the properties without a change-log entry, so seeded users look unchanged.
 */
export function refreshUserLicenses(
  tenant: TenantDirectory,
  user: UserRecord,
  options: { now?: Date; silent?: boolean } = {},
): void {
  const now = options.now ?? new Date();
  const effective = effectiveLicenses(tenant, user.props.id);
  const before = new Set(
    ((user.props['assignedLicenses'] as LicenseAssignment[] | undefined) ?? []).map((l) => l.skuId),
  );
  const after = new Set(effective.map((l) => l.skuId));
  for (const skuId of after) if (!before.has(skuId)) adjustSeats(tenant, skuId, 1);
  for (const skuId of before) if (!after.has(skuId)) adjustSeats(tenant, skuId, -1);

  const assignedLicenses = effective.map((l) => ({ disabledPlans: l.disabledPlans, skuId: l.skuId }));
  const assignedPlans = nextAssignedPlans(tenant, effective, user.props['assignedPlans'], now);
  const licenseAssignmentStates = nextAssignmentStates(
    tenant,
    user.props.id,
    user.props['licenseAssignmentStates'],
    now,
  );
  const changes = { assignedLicenses, assignedPlans, licenseAssignmentStates };
  if (
    JSON.stringify(changes.assignedLicenses) === JSON.stringify(user.props['assignedLicenses'] ?? []) &&
    JSON.stringify(changes.assignedPlans) === JSON.stringify(user.props['assignedPlans'] ?? []) &&
    JSON.stringify(changes.licenseAssignmentStates) ===
      JSON.stringify(user.props['licenseAssignmentStates'] ?? [])
  ) {
    return;
  }
  if (options.silent) Object.assign(user.props, changes);
  else tenant.updateUser(user, changes);
}

/** After a licensed group is deleted or restored: its direct user members' licenses follow. */
export function refreshMembersLicenses(tenant: TenantDirectory, group: GroupRecord): void {
  if (group.assignedLicenses.length === 0) return;
  for (const memberId of group.members) {
    const user = tenant.findUser(memberId);
    if (user) refreshUserLicenses(tenant, user);
  }
}

function adjustSeats(tenant: TenantDirectory, skuId: string, delta: number): void {
  const sku = tenant.licenses.findSku(skuId);
  if (sku) sku.consumedUnits = Math.max(0, sku.consumedUnits + delta);
}

/**
 * Enabled plans of every effective SKU; plans that were enabled before and are no longer (plan
 * disabled, SKU removed) stay listed with capabilityStatus `Deleted`, as Graph keeps them.
 */
function nextAssignedPlans(
  tenant: TenantDirectory,
  effective: EffectiveLicense[],
  previous: unknown,
  now: Date,
): AssignedPlan[] {
  const old = new Map(((previous as AssignedPlan[] | undefined) ?? []).map((p) => [p.servicePlanId, p]));
  const plans: AssignedPlan[] = [];
  const enabled = new Set<string>();
  for (const license of effective) {
    const sku = tenant.licenses.findSku(license.skuId);
    for (const plan of sku?.servicePlans ?? []) {
      if (license.disabledPlans.includes(plan.servicePlanId) || enabled.has(plan.servicePlanId)) continue;
      enabled.add(plan.servicePlanId);
      const was = old.get(plan.servicePlanId);
      plans.push({
        assignedDateTime: was?.capabilityStatus === 'Enabled' ? was.assignedDateTime : isoSeconds(now),
        capabilityStatus: 'Enabled',
        service: plan.service,
        servicePlanId: plan.servicePlanId,
      });
    }
  }
  for (const [planId, was] of old) {
    if (!enabled.has(planId)) plans.push({ ...was, capabilityStatus: 'Deleted' });
  }
  return plans;
}

/**
 * One state per way the user holds each SKU: the direct assignment, then one per licensing group.
 * An unchanged assignment keeps its lastUpdatedDateTime. The emulator has no licensing errors
 * (they come from conflicting plans it does not model), so every state is Active.
 */
function nextAssignmentStates(
  tenant: TenantDirectory,
  userId: string,
  previous: unknown,
  now: Date,
): LicenseAssignmentState[] {
  const keyOf = (state: { skuId: string; assignedByGroup: string | null }) =>
    `${state.skuId}|${state.assignedByGroup ?? ''}`;
  const old = new Map(((previous as LicenseAssignmentState[] | undefined) ?? []).map((s) => [keyOf(s), s]));
  const state = (assignment: LicenseAssignment, assignedByGroup: string | null): LicenseAssignmentState => {
    const skuId = assignment.skuId.toLowerCase();
    const disabledPlans = [...assignment.disabledPlans];
    const was = old.get(keyOf({ skuId, assignedByGroup }));
    const unchanged = was && JSON.stringify(was.disabledPlans) === JSON.stringify(disabledPlans);
    return {
      assignedByGroup,
      disabledPlans,
      error: 'None',
      lastUpdatedDateTime: unchanged ? was.lastUpdatedDateTime : isoSeconds(now),
      skuId,
      state: 'Active',
    };
  };
  const states = tenant.licenses.directAssignments(userId).map((a) => state(a, null));
  for (const group of tenant.groups.directGroupsOf(userId)) {
    for (const assignment of group.assignedLicenses) states.push(state(assignment, group.props.id));
  }
  return states;
}

/** Graph writes assignedDateTime without fractional seconds: `2024-05-01T10:11:12Z`. */
function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
