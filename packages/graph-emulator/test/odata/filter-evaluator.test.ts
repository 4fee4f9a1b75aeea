import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/odata/filter-evaluator.js';
import { parseFilter } from '../../src/odata/filter-parser.js';
import { PLAN_EXCHANGE, SKU_E5, SKU_EMS, USERS } from './fixture-users.js';

function matchingIds(filter: string): string[] {
  const predicate = compileFilter(parseFilter(filter));
  return USERS.filter(predicate).map((u) => u.id as string);
}

// [filter, expected ids in fixture order]
const CASES: Array<[string, string[]]> = [
  // eq / ne on strings: case-insensitive
  ["displayName eq 'Adele Vance'", ['u1']],
  ["displayName eq 'adele vance'", ['u1']],
  ["userPrincipalName eq 'ADELEV@CONTOSO.COM'", ['u1']],
  ["department ne 'Retail'", ['u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8']],
  ["displayName eq 'Patti O''Brien'", ['u6']],
  ["surname eq 'O''Brien'", ['u6']],
  ["userPrincipalName eq 'megan_fabrikam.com#EXT#@contoso.onmicrosoft.com'", ['u4']],
  // booleans
  ['accountEnabled eq false', ['u3', 'u5']],
  ['accountEnabled eq true', ['u1', 'u2', 'u4', 'u6', 'u7', 'u8']],
  ['accountEnabled ne true', ['u3', 'u5']],
  // null
  ['department eq null', ['u4', 'u5']],
  ['mail eq null', ['u8']],
  ['employeeId ne null', ['u1', 'u2', 'u6', 'u7', 'u8']],
  ['jobTitle eq null and accountEnabled eq false', ['u5']],
  // ordering on strings and dates
  ["givenName ge 'L'", ['u4', 'u6', 'u7']],
  ["givenName lt 'B'", ['u1', 'u2']],
  ["employeeId le 'E002'", ['u1', 'u2']],
  ['createdDateTime ge 2021-01-01T00:00:00Z', ['u2', 'u4', 'u6', 'u7']],
  ['createdDateTime lt 2019-01-01T00:00:00Z', ['u5']],
  ['createdDateTime eq 2021-06-15T08:30:00Z', ['u2', 'u7']],
  ['createdDateTime gt 2021-06-15T10:30:00+02:00', ['u4', 'u6']],
  ['createdDateTime le 2020-12-31', ['u1', 'u3', 'u5']],
  // functions, any case
  ["startswith(displayName,'a')", ['u1', 'u2']],
  ["startsWith(displayName, 'Conf')", ['u5']],
  ["STARTSWITH(givenName,'is')", ['u8']],
  ["endswith(mail,'@contoso.com')", ['u1', 'u2', 'u3', 'u5', 'u6', 'u7']],
  ["endsWith(userPrincipalName,'#EXT#@contoso.onmicrosoft.com')", ['u4']],
  ["contains(displayName,'room')", ['u5']],
  ["not startswith(displayName,'A')", ['u3', 'u4', 'u5', 'u6', 'u7', 'u8']],
  ["startswith(displayName,'A') eq false", ['u3', 'u4', 'u5', 'u6', 'u7', 'u8']],
  // in
  ["department in ('Retail','HR')", ['u1', 'u3']],
  ["id in ('u2','u7','nope')", ['u2', 'u7']],
  ["usageLocation in ('gb')", ['u6']],
  // and / or / not / parentheses / precedence
  ["city eq 'Tulsa' and department eq 'Sales'", ['u8']],
  ["city eq 'Tulsa' or city eq 'Seattle'", ['u1', 'u6', 'u8']],
  ["department eq 'HR' or department eq 'Sales' and city eq 'Seattle'", ['u3']],
  ["(department eq 'HR' or department eq 'Sales') and city eq 'Tulsa'", ['u8']],
  ["not(userType eq 'Member')", ['u4']],
  ["NOT (accountEnabled eq true) and displayName ne 'Diego Siciliani'", ['u5']],
  // lambdas over collections
  [`assignedLicenses/any(x:x/skuId eq ${SKU_E5})`, ['u1', 'u2', 'u7']],
  [`assignedLicenses/any(x:x/skuId eq ${SKU_EMS.toUpperCase()})`, ['u2', 'u6']],
  [`assignedLicenses/any(l:l/skuId eq ${SKU_E5} or l/skuId eq ${SKU_EMS})`, ['u1', 'u2', 'u6', 'u7']],
  [`assignedLicenses/any(x:x/disabledPlans/any(p:p eq ${PLAN_EXCHANGE}))`, ['u6']],
  ['assignedLicenses/any()', ['u1', 'u2', 'u6', 'u7']],
  [`not(assignedLicenses/any(x:x/skuId eq ${SKU_E5}))`, ['u3', 'u4', 'u5', 'u6', 'u8']],
  ["proxyAddresses/any(p:startswith(p,'smtp:'))", ['u1', 'u2', 'u4', 'u6']],
  ["proxyAddresses/any(p:p eq 'smtp:adele@contoso.onmicrosoft.com')", ['u1']],
  ["proxyAddresses/all(p:startswith(p,'SMTP:'))", ['u1', 'u2', 'u3', 'u4', 'u5', 'u7', 'u8']],
  ["businessPhones/any(p:p eq '+1 858 555 0110')", ['u2']],
  ["otherMails/any(m:endswith(m,'example.com'))", ['u1', 'u8']],
  ["otherMails/any(m:m ge 'j')", ['u6']],
  // $count inside a filter
  ['assignedLicenses/$count eq 0', ['u3', 'u4', 'u5', 'u8']],
  ['assignedLicenses/$count ge 2', ['u2']],
  // nested complex property paths
  ["onPremisesExtensionAttributes/extensionAttribute1 eq 'blue'", ['u1', 'u6']],
  ['onPremisesExtensionAttributes/extensionAttribute2 ne null', ['u6']],
  // property names are case-insensitive (Graph accepts `jobtitle`)
  ["jobtitle eq 'cfo'", ['u6']],
  ["DisplayName eq 'Lee Gu'", ['u7']],
  // literal on the left
  ["'Finance' eq department", ['u6']],
];

describe('filter evaluation over a fixture directory', () => {
  it('has a broad table', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CASES)('%s', (filter, expected) => {
    expect(matchingIds(filter)).toEqual(expected);
  });

  it('treats a missing property as null', () => {
    const predicate = compileFilter(parseFilter('officeLocation eq null'));
    expect(predicate({ id: 'x' })).toBe(true);
    expect(predicate({ id: 'x', officeLocation: 'B1' })).toBe(false);
  });

  it('does not match comparisons against a null value except ne', () => {
    const subject = { city: null };
    expect(compileFilter(parseFilter("city ge 'A'"))(subject)).toBe(false);
    expect(compileFilter(parseFilter("city ne 'A'"))(subject)).toBe(true);
    expect(compileFilter(parseFilter("startswith(city,'A')"))(subject)).toBe(false);
  });
});
