/**
 * Facts about the `group` resource's query support, transcribed from Microsoft's table of group
 * properties: https://learn.microsoft.com/graph/aad-advanced-queries (the `$filter` and
 * `$orderby` tables) and the List groups page (https://learn.microsoft.com/graph/api/group-list).
 *
 * Readings applied to the table, which lists eq, startsWith, ge/le and eq null only:
 * - `ne` and `not` are advanced-only wherever `eq` is supported ("All properties that support the
 *   eq operator also support the ne or not operators", advanced only);
 * - `in` follows `eq` (see `filterSupport`); `gt`/`lt` follow `ge`/`le`;
 * - `id` and `groupTypes/any(c:c eq '...')` work by default: the List groups page filters on both.
 * A property the table does not list is refused even in advanced mode ("Unsupported or invalid
 * query filter clause specified for property 'createdDateTime' of resource 'Group'.").
 */
import { GROUP_PROPERTY_NAMES } from './group-properties.js';
import type { QuerySchema } from './query-schema.js';
import type { EdmType, FilterOperation, SupportLevel, UserFilterFacts } from './user-query-support.js';

const D = 'default' as const;
const A = 'advanced' as const;

type Ops = Partial<Record<FilterOperation, SupportLevel>>;

/** Adds the negations every `eq` property supports in advanced mode. */
function withNegation(ops: Ops): Ops {
  return ops.eq === undefined ? ops : { ne: A, not: A, ...ops };
}

function scalar(type: EdmType, ops: Ops): UserFilterFacts {
  return { type, ops: withNegation(ops) };
}

function primitives(ops: Ops): UserFilterFacts {
  return { type: 'Edm.String', collection: 'primitive', ops: { not: A, ...ops } };
}

const NAME = { eq: D, startsWith: D, eqNull: A };

export const GROUP_FILTER_SUPPORT: Readonly<Record<string, UserFilterFacts>> = {
  id: scalar('Edm.String', { eq: D }),
  displayName: scalar('Edm.String', NAME),
  mail: scalar('Edm.String', NAME),
  mailNickname: scalar('Edm.String', NAME),
  description: scalar('Edm.String', { eq: A, startsWith: A, eqNull: A }),
  classification: scalar('Edm.String', { eq: D, startsWith: D }),
  mailEnabled: scalar('Edm.Boolean', { eq: D }),
  securityEnabled: scalar('Edm.Boolean', { eq: D }),
  isAssignableToRole: scalar('Edm.Boolean', { eq: D }),
  membershipRule: scalar('Edm.String', { eq: D, startsWith: D }),
  membershipRuleProcessingState: scalar('Edm.String', { eq: D }),
  onPremisesSyncEnabled: scalar('Edm.Boolean', { eq: D, eqNull: A }),
  onPremisesSecurityIdentifier: scalar('Edm.String', { eq: D, eqNull: A }),
  onPremisesSamAccountName: scalar('Edm.String', { eq: A, startsWith: A }),
  onPremisesLastSyncDateTime: scalar('Edm.DateTimeOffset', { eq: D, ge: D, le: D }),
  renewedDateTime: scalar('Edm.DateTimeOffset', { eq: D, ge: D, le: D }),
  expirationDateTime: scalar('Edm.DateTimeOffset', { eq: A, ge: A, le: A }),
  preferredLanguage: scalar('Edm.String', { eq: A, startsWith: A, eqNull: A }),
  groupTypes: primitives({ eq: D }),
  proxyAddresses: primitives({ eq: D, startsWith: D }),
  resourceBehaviorOptions: primitives({ eq: D }),
  resourceProvisioningOptions: primitives({ eq: D }),
  assignedLicenses: {
    type: 'Edm.Guid',
    collection: { skuId: 'Edm.Guid', disabledPlans: 'Edm.Guid' },
    ops: { eq: D, not: A },
  },
};

/** `$count` on a collection inside a filter (`proxyAddresses/$count eq 0`), always advanced. */
export const GROUP_COUNTABLE_COLLECTIONS: ReadonlySet<string> = new Set([
  'assignedLicenses',
  'onPremisesProvisioningErrors',
  'proxyAddresses',
]);

/** `$orderby`: displayName by default, deletedDateTime in advanced mode. */
export const GROUP_ORDERBY_SUPPORT: Readonly<Record<string, SupportLevel>> = {
  displayName: D,
  deletedDateTime: A,
};

export const GROUP_QUERY_SCHEMA: QuerySchema = {
  resource: 'Group',
  entityType: 'microsoft.graph.group',
  propertyNames: GROUP_PROPERTY_NAMES,
  filterSupport: GROUP_FILTER_SUPPORT,
  countableCollections: GROUP_COUNTABLE_COLLECTIONS,
  orderbySupport: GROUP_ORDERBY_SUPPORT,
  tokenizedSearch: ['displayName', 'description'],
};
