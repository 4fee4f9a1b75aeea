/**
 * Names Graph v1.0 knows on `microsoft.graph.group`, used by `$select` and by the query rules.
 * https://learn.microsoft.com/graph/api/resources/group
 */

/** Returned without `$select`, in Graph's order (https://learn.microsoft.com/graph/api/group-list). */
export const GROUP_DEFAULT_PROPERTIES: readonly string[] = [
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

/** Returned only with `$select`. */
export const GROUP_SELECT_ONLY_PROPERTIES: readonly string[] = ['assignedLicenses'];

export const GROUP_PROPERTY_NAMES: readonly string[] = [
  ...GROUP_DEFAULT_PROPERTIES,
  ...GROUP_SELECT_ONLY_PROPERTIES,
];

/** Collections: an unset one is projected as `[]`, not `null`. */
export const GROUP_COLLECTION_PROPERTIES: ReadonlySet<string> = new Set([
  'assignedLicenses',
  'creationOptions',
  'groupTypes',
  'proxyAddresses',
  'resourceBehaviorOptions',
  'resourceProvisioningOptions',
  'onPremisesProvisioningErrors',
  'serviceProvisioningErrors',
]);
