// A group as the directory stores it, and the kinds Graph tells apart by their flags. The kind
// decides which membership writes Graph accepts. https://learn.microsoft.com/graph/api/group-post-members

export type GroupProperties = Record<string, unknown> & {
  id: string;
  displayName: string;
  groupTypes: string[];
  securityEnabled: boolean;
  mailEnabled: boolean;
};

export interface LicenseAssignment {
  skuId: string;
  disabledPlans: string[];
}

export interface GroupRecord {
  props: GroupProperties;
  /** Creation order: stable collection order and skiptoken cursor. */
  readonly ordinal: number;
  /** Object ids (users or groups) of the direct members. */
  readonly members: Set<string>;
  /** User ids of the owners (owners are not members). */
  readonly owners: Set<string>;
  /** Set while a Microsoft 365 group sits in deletedItems (ISO timestamp). */
  deletedDateTime?: string;
  /** Group-based licensing: SKUs every direct user member inherits. */
  assignedLicenses: LicenseAssignment[];
}

/** Membership follows `membershipRule`; Graph refuses manual adds and removes. */
export function isDynamic(group: GroupProperties): boolean {
  return group.groupTypes.some((type) => type.toLowerCase() === 'dynamicmembership');
}

export function isUnified(group: GroupProperties): boolean {
  return group.groupTypes.some((type) => type.toLowerCase() === 'unified');
}

/** Mail-enabled security groups and distribution lists are mastered by Exchange, not Graph. */
export function isExchangeMastered(group: GroupProperties): boolean {
  return group.mailEnabled && !isUnified(group);
}

/** A distribution list: mail-enabled, neither security-enabled nor a Microsoft 365 group. */
export function isDistributionList(group: GroupProperties): boolean {
  return group.mailEnabled && !group.securityEnabled && !isUnified(group);
}

/** Synced from on-premises AD: only the on-premises directory may change it. */
export function isOnPremisesSynced(group: GroupProperties): boolean {
  return group['onPremisesSyncEnabled'] === true;
}
