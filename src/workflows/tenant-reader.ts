import type { CapabilityContext } from '../capabilities/capability.js';
import { followPages } from '../capabilities/common/follow-pages.js';
import { GraphError } from '../graph/graph-error.js';
import { userPath } from '../graph/user-path.js';

/**
 * What a plan is computed from: the user's properties, manager, direct groups, owned groups and
 * licenses, read from Graph before anything changes. Reads only (a dry run makes no other call).
 */
export interface UserState {
  id: string;
  userPrincipalName: string;
  employeeId: string | null;
  accountEnabled: boolean | null;
  department: string | null;
  jobTitle: string | null;
  usageLocation: string | null;
  /** Each SKU the user holds, with the group it comes from (null: assigned directly). */
  licenses: Array<{ skuId: string; assignedByGroup: string | null }>;
}

export interface GroupState {
  id: string;
  displayName: string | null;
  /** Why the service may not change the membership, or undefined when it may. */
  notChangeable?: string;
}

export interface OwnedGroupState {
  id: string;
  displayName: string | null;
  ownerIds: string[];
}

/** Relationship lists are read up to this many pages (100 items each by default). */
const MAX_PAGES = 50;

const USER_SELECT =
  'id,userPrincipalName,employeeId,accountEnabled,department,jobTitle,usageLocation,assignedLicenses,licenseAssignmentStates';

/** The user, or undefined when Graph has no such user (404). */
export async function readUserState(
  context: CapabilityContext,
  userId: string,
): Promise<UserState | undefined> {
  try {
    const { body } = await context.graph.send<Record<string, unknown>>({
      ...call(context),
      method: 'GET',
      path: userPath(userId),
      query: new URLSearchParams({ $select: USER_SELECT }),
    });
    const user = body ?? {};
    const states = Array.isArray(user['licenseAssignmentStates']) ? user['licenseAssignmentStates'] : [];
    const assigned = Array.isArray(user['assignedLicenses']) ? user['assignedLicenses'] : [];
    const licenses = states.length
      ? states.map((state: Record<string, unknown>) => ({
          skuId: String(state['skuId'] ?? '').toLowerCase(),
          assignedByGroup:
            typeof state['assignedByGroup'] === 'string' ? state['assignedByGroup'].toLowerCase() : null,
        }))
      : assigned.map((license: Record<string, unknown>) => ({
          skuId: String(license['skuId'] ?? '').toLowerCase(),
          assignedByGroup: null,
        }));
    return {
      id: String(user['id']).toLowerCase(),
      userPrincipalName: String(user['userPrincipalName'] ?? userId),
      employeeId: text(user['employeeId']),
      accountEnabled: typeof user['accountEnabled'] === 'boolean' ? user['accountEnabled'] : null,
      department: text(user['department']),
      jobTitle: text(user['jobTitle']),
      usageLocation: text(user['usageLocation']),
      licenses,
    };
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return undefined;
    throw error;
  }
}

/** The manager's object id, or undefined when the user has none. */
export async function readManagerId(
  context: CapabilityContext,
  userObjectId: string,
): Promise<string | undefined> {
  try {
    const { body } = await context.graph.send<{ id?: unknown }>({
      ...call(context),
      method: 'GET',
      path: `${userPath(userObjectId)}/manager`,
      query: new URLSearchParams({ $select: 'id' }),
    });
    return typeof body?.id === 'string' ? body.id.toLowerCase() : undefined;
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return undefined;
    throw error;
  }
}

/** The groups the user is a direct member of, each with the reason it cannot be changed, if any. */
export async function readDirectGroups(
  context: CapabilityContext,
  userObjectId: string,
): Promise<GroupState[]> {
  const { items } = await followPages(
    context,
    {
      path: `${userPath(userObjectId)}/memberOf`,
      query: '$select=id,displayName,groupTypes,onPremisesSyncEnabled,mailEnabled,securityEnabled',
    },
    { maxPages: MAX_PAGES },
  );
  return groupsOf(items).map((group) => {
    const reason = notChangeable(group);
    return {
      id: idOf(group),
      displayName: text(group['displayName']),
      ...(reason ? { notChangeable: reason } : {}),
    };
  });
}

/** The groups the user owns, with all their owners' ids. */
export async function readOwnedGroups(
  context: CapabilityContext,
  userObjectId: string,
): Promise<OwnedGroupState[]> {
  const { items } = await followPages(
    context,
    { path: `${userPath(userObjectId)}/ownedObjects`, query: '$select=id,displayName' },
    { maxPages: MAX_PAGES },
  );
  const owned: OwnedGroupState[] = [];
  for (const group of groupsOf(items)) {
    const id = idOf(group);
    const owners = await followPages(
      context,
      { path: `/groups/${id}/owners`, query: '$select=id' },
      { maxPages: MAX_PAGES },
    );
    owned.push({
      id,
      displayName: text(group['displayName']),
      ownerIds: owners.items.map((owner) => idOf(owner as Record<string, unknown>)),
    });
  }
  return owned;
}

/**
 * Memberships Graph does not let an app change: dynamic groups (their rule decides), groups synced
 * from on-premises AD (changed there), and mail-enabled security groups and distribution lists
 * (mastered in Exchange).
 */
function notChangeable(group: Record<string, unknown>): string | undefined {
  const types = Array.isArray(group['groupTypes']) ? group['groupTypes'] : [];
  if (types.includes('DynamicMembership'))
    return 'dynamic group: its membership rule decides who is a member';
  if (group['onPremisesSyncEnabled'] === true)
    return 'synced from on-premises Active Directory: change it there';
  if (group['mailEnabled'] === true && !types.includes('Unified')) {
    return 'mail-enabled security group or distribution list: managed in Exchange';
  }
  return undefined;
}

function groupsOf(items: unknown[]): Array<Record<string, unknown>> {
  return items.filter(
    (item): item is Record<string, unknown> =>
      typeof item === 'object' &&
      item !== null &&
      (item as Record<string, unknown>)['@odata.type'] === '#microsoft.graph.group',
  );
}

function idOf(object: Record<string, unknown>): string {
  return String(object['id'] ?? '').toLowerCase();
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function call(context: CapabilityContext) {
  return { connection: context.connection, requestId: context.requestId, deadline: context.deadline };
}
