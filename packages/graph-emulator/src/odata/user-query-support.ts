/**
 * Facts about the `user` resource's query support, transcribed from Microsoft's table:
 * https://learn.microsoft.com/graph/aad-advanced-queries
 * The doc tables vary by version, so this is data in one place: change a cell, not code.
 *
 * `D` = works by default, `A` = needs advanced query parameters, absent = not supported at all.
 * Deliberate readings of the table:
 * - `in` is at least as available as `eq` ("in is default wherever eq is default"), see `inLevel`.
 * - `gt`/`lt` follow `ge`/`le` (the docs only list ge/le).
 * - For collections (`businessPhones`, `otherMails`, `proxyAddresses`, `assignedLicenses`,
 *   `identities`) the cells apply to the operator inside `any(...)`.
 * - `onPremisesExtensionAttributes/extensionAttributeN`: eq/ne/not/in/startsWith/eq null, advanced
 *   only (the user resource page says "$filter (eq, ne, not, in)" with advanced parameters).
 */
import type { EdmType, FilterFacts, FilterOperation, QuerySchema, SupportLevel } from './query-schema.js';
import { USER_PROPERTY_NAMES } from './user-properties.js';

export type { EdmType, FilterOperation, SupportLevel } from './query-schema.js';
/** The `$filter` facts of one property (the same shape for every resource). */
export type UserFilterFacts = FilterFacts;

const D = 'default' as const;
const A = 'advanced' as const;

const ALL_ADVANCED = { eq: A, ne: A, not: A, ge: A, le: A, in: A, startsWith: A, eqNull: A };
const NAME_LIKE = { eq: D, ne: A, ge: D, le: D, in: D, startsWith: D, eqNull: A };
const PLACE = { eq: D, ne: A, not: A, ge: D, le: D, in: D, startsWith: D, eqNull: A };

const EXTENSION_ATTRIBUTES: Record<string, EdmType> = Object.fromEntries(
  Array.from({ length: 15 }, (_, i) => [`extensionAttribute${i + 1}`, 'Edm.String' as const]),
);

const str = (ops: UserFilterFacts['ops']): UserFilterFacts => ({ type: 'Edm.String', ops });

/** Per-property `$filter` support for `/users`. Keys are Graph's canonical (camelCase) names. */
export const USER_FILTER_SUPPORT: Readonly<Record<string, UserFilterFacts>> = {
  accountEnabled: { type: 'Edm.Boolean', ops: { eq: D, ne: A, not: A, ge: A, le: A, in: D } },
  assignedLicenses: {
    type: 'Edm.Guid',
    collection: { skuId: 'Edm.Guid', disabledPlans: 'Edm.Guid' },
    ops: { eq: D, not: A },
  },
  businessPhones: { type: 'Edm.String', collection: 'primitive', ops: { eq: D, not: A } },
  city: str({ ...PLACE, le: undefined }),
  country: str(PLACE),
  department: str(PLACE),
  companyName: str(ALL_ADVANCED),
  createdDateTime: { type: 'Edm.DateTimeOffset', ops: { eq: D, ne: A, not: A, ge: D, le: D, in: A } },
  displayName: str({ eq: D, ne: A, not: A, in: D, startsWith: D, eqNull: A }),
  employeeId: str({ eq: D, ne: A, le: A, startsWith: D, eqNull: A }),
  employeeType: str({ eq: A, ne: A, ge: A, le: A, in: A, startsWith: A }),
  employeeHireDate: { type: 'Edm.DateTimeOffset', ops: { eq: A, ne: A, ge: A, le: A, in: A } },
  givenName: str(NAME_LIKE),
  surname: str(NAME_LIKE),
  state: str(NAME_LIKE),
  id: str({ eq: D, ne: A, not: A, in: D }),
  identities: {
    type: 'Edm.String',
    collection: { issuer: 'Edm.String', issuerAssignedId: 'Edm.String', signInType: 'Edm.String' },
    ops: { eq: D },
  },
  jobTitle: str({ eq: D, ne: A, ge: D, le: D, in: D, eqNull: A }),
  mail: str({ eq: D, ne: A, ge: D, le: D, in: D, startsWith: D, endsWith: A }),
  mailNickname: str(NAME_LIKE),
  mobilePhone: str(ALL_ADVANCED),
  officeLocation: str(ALL_ADVANCED),
  postalCode: str(ALL_ADVANCED),
  preferredLanguage: str(ALL_ADVANCED),
  streetAddress: str(ALL_ADVANCED),
  onPremisesSyncEnabled: { type: 'Edm.Boolean', ops: { eq: D, ne: A, ge: A, le: A, in: D } },
  onPremisesExtensionAttributes: {
    type: 'Edm.String',
    nested: EXTENSION_ATTRIBUTES,
    ops: { eq: A, ne: A, not: A, in: A, startsWith: A, eqNull: A },
  },
  otherMails: {
    type: 'Edm.String',
    collection: 'primitive',
    ops: { eq: D, ne: A, ge: D, le: D, in: D, startsWith: D, endsWith: A },
  },
  proxyAddresses: {
    type: 'Edm.String',
    collection: 'primitive',
    ops: { eq: D, ne: A, ge: D, le: D, startsWith: D, endsWith: A, eqNull: A },
  },
  usageLocation: str({ eq: D, ne: A, ge: D, le: D, in: D, startsWith: D }),
  userPrincipalName: str({ eq: D, ne: A, le: D, in: D, startsWith: D, endsWith: A }),
  userType: str({ eq: D, ne: A, not: A, in: D, eqNull: A }),
};

/** `$count` on a collection inside a filter (`assignedLicenses/$count eq 0`) is always advanced. */
export const USER_COUNTABLE_COLLECTIONS: ReadonlySet<string> = new Set([
  'assignedLicenses',
  'businessPhones',
  'otherMails',
  'proxyAddresses',
  'identities',
]);

/** `$orderby` support: default for displayName/userPrincipalName; dates need advanced. */
export const USER_ORDERBY_SUPPORT: Readonly<Record<string, SupportLevel>> = {
  displayName: D,
  userPrincipalName: D,
  createdDateTime: A,
  deletedDateTime: A,
};

/**
 * Only `displayName` (and `description`, which users do not have) is tokenized; every other string
 * property `$filter` knows is searched from its start.
 * https://learn.microsoft.com/graph/search-query-parameter#using-search-on-directory-object-collections
 */
export const USER_QUERY_SCHEMA: QuerySchema = {
  resource: 'User',
  entityType: 'microsoft.graph.user',
  propertyNames: USER_PROPERTY_NAMES,
  filterSupport: USER_FILTER_SUPPORT,
  countableCollections: USER_COUNTABLE_COLLECTIONS,
  orderbySupport: USER_ORDERBY_SUPPORT,
  tokenizedSearch: ['displayName'],
};

/** Support level of one operation, applying the `in`-follows-`eq` rule. */
export function filterSupport(facts: UserFilterFacts, op: FilterOperation): SupportLevel | undefined {
  const level = facts.ops[op];
  if (op === 'in' && level === undefined) return facts.ops.eq;
  return level;
}

/** Canonical name of a property in a table, matched case-insensitively (Graph accepts `jobtitle`). */
export function canonicalName(table: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (Object.hasOwn(table, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(table).find((key) => key.toLowerCase() === lower);
}
