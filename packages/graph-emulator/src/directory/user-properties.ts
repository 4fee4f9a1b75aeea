// The catalogue of microsoft.graph.user properties the emulator knows: names, how they may be
// written, and their limits. Validation, $select and projection all read this one table.
// https://learn.microsoft.com/graph/api/resources/user

export type UserPropertyKind = 'string' | 'boolean' | 'stringArray' | 'object' | 'dateTime' | 'objectArray';

export interface UserPropertySpec {
  readonly name: string;
  readonly kind: UserPropertyKind;
  /** Set by the directory only (`id`, `createdDateTime`...): a write is a 400. */
  readonly readOnly?: boolean;
  /** Maximum length of a string value. */
  readonly maxLength?: number;
  /** Strings that may not be cleared with null on update (Graph rejects the PATCH). */
  readonly notNullable?: boolean;
  /** Largest number of items of a string collection (businessPhones accepts a single value). */
  readonly maxItems?: number;
}

const SPECS: readonly UserPropertySpec[] = [
  { name: 'id', kind: 'string', readOnly: true },
  { name: 'accountEnabled', kind: 'boolean', notNullable: true },
  { name: 'ageGroup', kind: 'string' },
  { name: 'assignedLicenses', kind: 'objectArray', readOnly: true },
  { name: 'assignedPlans', kind: 'objectArray', readOnly: true },
  { name: 'businessPhones', kind: 'stringArray', maxItems: 1, maxLength: 64 },
  { name: 'city', kind: 'string', maxLength: 128 },
  { name: 'companyName', kind: 'string', maxLength: 64 },
  { name: 'consentProvidedForMinor', kind: 'string' },
  { name: 'country', kind: 'string', maxLength: 128 },
  { name: 'createdDateTime', kind: 'dateTime', readOnly: true },
  { name: 'creationType', kind: 'string', readOnly: true },
  { name: 'deletedDateTime', kind: 'dateTime', readOnly: true },
  { name: 'department', kind: 'string', maxLength: 64 },
  { name: 'displayName', kind: 'string', maxLength: 256, notNullable: true },
  { name: 'employeeHireDate', kind: 'dateTime' },
  { name: 'employeeId', kind: 'string', maxLength: 16 },
  { name: 'employeeType', kind: 'string', maxLength: 64 },
  { name: 'externalUserState', kind: 'string', readOnly: true },
  { name: 'faxNumber', kind: 'string', maxLength: 64 },
  { name: 'givenName', kind: 'string', maxLength: 64 },
  { name: 'identities', kind: 'objectArray' },
  { name: 'imAddresses', kind: 'stringArray', readOnly: true },
  { name: 'jobTitle', kind: 'string', maxLength: 128 },
  { name: 'lastPasswordChangeDateTime', kind: 'dateTime', readOnly: true },
  { name: 'licenseAssignmentStates', kind: 'objectArray', readOnly: true },
  { name: 'mail', kind: 'string', maxLength: 254 },
  { name: 'mailNickname', kind: 'string', maxLength: 64, notNullable: true },
  { name: 'mobilePhone', kind: 'string', maxLength: 64 },
  { name: 'officeLocation', kind: 'string', maxLength: 128 },
  { name: 'onPremisesExtensionAttributes', kind: 'object' },
  { name: 'onPremisesImmutableId', kind: 'string' },
  { name: 'onPremisesSyncEnabled', kind: 'boolean', readOnly: true },
  { name: 'otherMails', kind: 'stringArray' },
  { name: 'passwordPolicies', kind: 'string' },
  // Write-only in practice: a $select read returns null, never the password.
  { name: 'passwordProfile', kind: 'object' },
  { name: 'postalCode', kind: 'string', maxLength: 40 },
  { name: 'preferredLanguage', kind: 'string' },
  { name: 'proxyAddresses', kind: 'stringArray', readOnly: true },
  { name: 'showInAddressList', kind: 'boolean' },
  { name: 'signInSessionsValidFromDateTime', kind: 'dateTime', readOnly: true },
  { name: 'state', kind: 'string', maxLength: 128 },
  { name: 'streetAddress', kind: 'string', maxLength: 1024 },
  { name: 'surname', kind: 'string', maxLength: 64 },
  { name: 'usageLocation', kind: 'string', notNullable: true },
  { name: 'userPrincipalName', kind: 'string', maxLength: 113, notNullable: true },
  { name: 'userType', kind: 'string' },
];

const BY_LOWER_NAME = new Map(SPECS.map((spec) => [spec.name.toLowerCase(), spec]));

/** Property names are case-insensitive in $select and in request bodies. */
export function findUserProperty(name: string): UserPropertySpec | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}

/** Properties a create request must carry (work/school tenant). */
export const REQUIRED_ON_CREATE: readonly string[] = [
  'accountEnabled',
  'displayName',
  'mailNickname',
  'userPrincipalName',
  'passwordProfile',
];
