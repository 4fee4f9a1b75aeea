// How groups (and the other objects of polymorphic collections such as memberOf) look on the
// wire: `@odata.type` first, Graph's default group properties, or exactly the `$select`ed ones.
// https://learn.microsoft.com/graph/api/resources/group

import type { GroupProperties } from '../directory/group-record.js';
import type { UserProperties } from '../directory/user-record.js';
import { graphErrors } from './graph-error.js';
import { projectUser } from './select-projection.js';

/** microsoft.graph.group properties returned without $select, in Graph's order. */
const GROUP_PROPERTIES: readonly string[] = [
  'id',
  'deletedDateTime',
  'classification',
  'createdDateTime',
  'creationOptions',
  'description',
  'displayName',
  'expirationDateTime',
  'groupTypes',
  'isAssignableToRole',
  'mail',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'onPremisesNetBiosName',
  'onPremisesSamAccountName',
  'onPremisesSecurityIdentifier',
  'onPremisesSyncEnabled',
  'preferredDataLocation',
  'preferredLanguage',
  'proxyAddresses',
  'renewedDateTime',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'securityEnabled',
  'securityIdentifier',
  'theme',
  'visibility',
  'onPremisesProvisioningErrors',
  'serviceProvisioningErrors',
];

const COLLECTIONS = new Set([
  'creationOptions',
  'groupTypes',
  'proxyAddresses',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'onPremisesProvisioningErrors',
  'serviceProvisioningErrors',
]);

const BY_LOWER = new Map(GROUP_PROPERTIES.map((name) => [name.toLowerCase(), name]));

export const GROUP_TYPE = '#microsoft.graph.group';
export const USER_TYPE = '#microsoft.graph.user';

/** Canonical names of a `$select` over groups, or undefined without one. */
export function parseGroupSelect(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const names: string[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim();
    if (name.length === 0) continue;
    const canonical = BY_LOWER.get(name.toLowerCase());
    if (!canonical) {
      throw graphErrors.badRequest(
        `Could not find a property named '${name}' on type 'microsoft.graph.group'.`,
      );
    }
    if (!names.includes(canonical)) names.push(canonical);
  }
  return names.length > 0 ? names : undefined;
}

export function projectGroup(props: GroupProperties, select: readonly string[] | undefined) {
  const out: Record<string, unknown> = { '@odata.type': GROUP_TYPE };
  for (const name of select ?? GROUP_PROPERTIES) {
    const value = props[name];
    out[name] =
      value === undefined || value === null ? (COLLECTIONS.has(name) ? [] : null) : structuredClone(value);
  }
  return out;
}

/** A user inside a polymorphic collection (group members): typed, default properties. */
export function projectUserObject(props: UserProperties) {
  return { '@odata.type': USER_TYPE, ...projectUser(props, undefined) };
}
