import { optionValue, type QueryOption } from '../common/user-query.js';

/**
 * User properties whose every filter needs advanced query support (the user rows of the property
 * table in https://learn.microsoft.com/graph/aad-advanced-queries marked advanced-only for every
 * operator).
 */
const ADVANCED_ONLY_PROPERTIES = [
  'companyName',
  'mobilePhone',
  'officeLocation',
  'postalCode',
  'preferredLanguage',
  'streetAddress',
  'employeeType',
  'employeeHireDate',
  'employeeOrgData',
];

/** `$orderby` is a default query only on these. */
const DEFAULT_ORDERBY_PROPERTIES = new Set(['displayname', 'userprincipalname']);

export type AdvancedReason =
  | '$search'
  | '$count'
  | '$filter with $orderby'
  | '$orderby property'
  | 'ne'
  | 'not'
  | 'endsWith'
  | 'null comparison'
  | '/$count in $filter'
  | 'advanced-only property';

/**
 * Why a `/users` query needs `ConsistencyLevel: eventual` + `$count=true` (empty when it does not).
 * String literals are blanked first, so a value such as `'not ne'` never counts as an operator.
 * @see https://learn.microsoft.com/graph/aad-advanced-queries
 */
export function advancedQueryReasons(options: readonly QueryOption[]): AdvancedReason[] {
  const reasons = new Set<AdvancedReason>();
  const filter = optionValue(options, '$filter');
  const orderby = optionValue(options, '$orderby');
  if (optionValue(options, '$search') !== undefined) reasons.add('$search');
  if (optionValue(options, '$count') !== undefined) reasons.add('$count');
  if (filter !== undefined && orderby !== undefined) reasons.add('$filter with $orderby');
  if (orderby !== undefined) {
    const properties = orderby.split(',').map((item) => item.trim().split(/\s+/)[0]?.toLowerCase() ?? '');
    if (properties.some((property) => !DEFAULT_ORDERBY_PROPERTIES.has(property)))
      reasons.add('$orderby property');
  }
  if (filter !== undefined) {
    const code = withoutLiterals(filter);
    if (/(^|[\s(])ne\s/i.test(code)) reasons.add('ne');
    if (/(^|[\s(])not[\s(]/i.test(code)) reasons.add('not');
    if (/\bendswith\s*\(/i.test(code)) reasons.add('endsWith');
    if (/\s(eq|ne)\s+null\b/i.test(code)) reasons.add('null comparison');
    if (/\/\$count\b/i.test(code)) reasons.add('/$count in $filter');
    const advancedProperty = new RegExp(`\\b(${ADVANCED_ONLY_PROPERTIES.join('|')})\\b`, 'i');
    if (advancedProperty.test(code)) reasons.add('advanced-only property');
  }
  return [...reasons];
}

/** Replaces every quoted literal (`'it''s'`) with `''`, leaving only operators and names. */
function withoutLiterals(filter: string): string {
  return filter.replace(/'(?:[^']|'')*'/g, "''");
}
