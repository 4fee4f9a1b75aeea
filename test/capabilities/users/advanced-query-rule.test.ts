import { describe, expect, it } from 'vitest';
import { parseUserQuery } from '../../../src/capabilities/common/user-query.js';
import { advancedQueryReasons } from '../../../src/capabilities/users/advanced-query-rule.js';

const USERS = ['$filter', '$select', '$orderby', '$top', '$count', '$search', '$expand', '$skiptoken'];
const reasons = (query: string) => advancedQueryReasons(parseUserQuery(query, USERS));

// Which /users queries need ConsistencyLevel: eventual + $count=true
// (https://learn.microsoft.com/graph/aad-advanced-queries).
const TABLE: Array<[string, boolean]> = [
  ["$filter=startswith(givenName,'J')", false],
  ["$filter=startswith(givenName%2C+'J')&$select=givenName,surname", false],
  ['$select=givenName,surname', false],
  ['$filter=accountEnabled eq false', false],
  ["$filter=userPrincipalName eq 'a@contoso.com'", false],
  ['$filter=assignedLicenses/any(u:u/skuId eq cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46)', false],
  ["$filter=id in ('a','b')", false],
  ['$orderby=displayName', false],
  ['$orderby=userPrincipalName desc&$top=5', false],
  ["$filter=displayName eq 'not ne endswith(x) eq null'", false],
  ["$filter=startswith(displayName,'Anne')", false],
  ['$top=999', false],
  ['$filter=accountEnabled ne true', true],
  ["$filter=not(startswith(displayName,'A'))", true],
  ["$filter=NOT startswith(displayName,'A')", true],
  ["$filter=endswith(mail,'@contoso.com')", true],
  ["$filter=endsWith(userPrincipalName,'%23EXT%23@contoso.onmicrosoft.com')", true],
  ['$search="displayName:wa"', true],
  ['$count=true', true],
  ["$filter=startswith(displayName,'a')&$orderby=displayName", true],
  ['$orderby=createdDateTime', true],
  ['$filter=jobTitle eq null', true],
  ['$filter=department ne null', true],
  ['$filter=assignedLicenses/$count eq 0', true],
  ["$filter=companyName eq 'Contoso'", true],
  ["$filter=mobilePhone eq '+1 555'", true],
  ["$filter=officeLocation eq '18/2111'", true],
];

describe('advanced query detection', () => {
  it.each(TABLE)('%s -> advanced: %s', (query, advanced) => {
    expect(reasons(query).length > 0).toBe(advanced);
  });

  it('says why', () => {
    expect(reasons("$filter=endswith(mail,'x')&$orderby=displayName")).toEqual(
      expect.arrayContaining(['endsWith', '$filter with $orderby']),
    );
  });
});
