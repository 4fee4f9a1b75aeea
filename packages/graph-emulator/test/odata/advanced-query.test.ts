import { describe, expect, it } from 'vitest';
import {
  advancedQueryReasons,
  checkAdvancedQuery,
  checkCountSegment,
} from '../../src/odata/advanced-query.js';
import { ODataError } from '../../src/odata/odata-error.js';
import { parseQueryOptions } from '../../src/odata/query-options.js';
import { USER_FILTER_SUPPORT, USER_ORDERBY_SUPPORT } from '../../src/odata/user-query-support.js';

const SKU = 'cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46';

type Outcome =
  | { ok: true; advanced: boolean; includeCount: boolean }
  | { status: number; code: string; message: string };

function decide(query: string, consistencyLevel?: string): Outcome {
  try {
    return { ok: true, ...checkAdvancedQuery(parseQueryOptions(query), { consistencyLevel }) };
  } catch (error) {
    if (!(error instanceof ODataError)) throw error;
    return { status: error.status, code: error.code, message: error.message };
  }
}

const DEFAULT = { ok: true, advanced: false, includeCount: false } as const;
const ADVANCED = { ok: true, advanced: true, includeCount: true } as const;

const NE = {
  status: 400,
  code: 'Request_UnsupportedQuery',
  message: "Filter operator 'NotEqualsMatch' is not supported.",
};
const NOT = {
  status: 400,
  code: 'Request_UnsupportedQuery',
  message: "Filter operator 'Not' is not supported.",
};
const ENDS_WITH = {
  status: 400,
  code: 'Request_UnsupportedQuery',
  message:
    "Operator 'endsWith' is not supported because the required parameters might be missing. Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information",
};
const SORTING = {
  status: 400,
  code: 'Request_UnsupportedQuery',
  message: 'Sorting not supported for current query.',
};
const SEARCH = {
  status: 400,
  code: 'Request_UnsupportedQuery',
  message:
    "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
};
const clause = (property: string) => ({
  status: 400,
  code: 'Request_UnsupportedQuery',
  message: `Unsupported or invalid query filter clause specified for property '${property}' of resource 'User'.`,
});

// [query, ConsistencyLevel header, expected outcome]
const TABLE: Array<[string, string | undefined, Outcome]> = [
  // Default queries (Microsoft's examples)
  ['$filter=accountEnabled eq false', undefined, DEFAULT],
  ["$filter=startswith(displayName,'a')", undefined, DEFAULT],
  ["$filter=userPrincipalName eq 'a@contoso.com'", undefined, DEFAULT],
  [`$filter=assignedLicenses/any(u:u/skuId eq ${SKU})`, undefined, DEFAULT],
  ["$filter=id in ('a','b')", undefined, DEFAULT],
  ["$filter=employeeId in ('E1','E2')", undefined, DEFAULT],
  ['$orderby=displayName desc', undefined, DEFAULT],
  ["$filter=createdDateTime ge 2021-01-01T00:00:00Z and department eq 'HR'", undefined, DEFAULT],
  // $count=true without the header is silently ignored
  ["$filter=displayName eq 'x'&$count=true", undefined, DEFAULT],
  // Advanced-only forms, without the parameters
  ['$filter=accountEnabled ne true', undefined, NE],
  ['$filter=accountEnabled ne true&$count=true', undefined, NE],
  ['$filter=accountEnabled ne true', 'eventual', NE],
  ["$filter=not(userType eq 'Member')", undefined, NOT],
  ["$filter=endswith(mail,'a@contoso.com')", undefined, ENDS_WITH],
  ["$filter=endsWith(userPrincipalName,'%23EXT%23@contoso.com')", 'eventual', ENDS_WITH],
  ["$filter=startswith(displayName,'a')&$orderby=displayName", undefined, SORTING],
  ['$search="displayName:wa"', undefined, SEARCH],
  ['$search="displayName:wa"&$count=true', undefined, SEARCH],
  ['$filter=department eq null', undefined, clause('department')],
  ["$filter=companyName eq 'Contoso'", undefined, clause('companyName')],
  ['$filter=createdDateTime in (2021-01-01T00:00:00Z)', undefined, clause('createdDateTime')],
  [
    '$filter=assignedLicenses/$count eq 0',
    undefined,
    { status: 400, code: 'Request_BadRequest', message: '$count is not currently supported.' },
  ],
  [
    '$orderby=createdDateTime desc',
    undefined,
    {
      status: 400,
      code: 'Request_UnsupportedQuery',
      message: "Unsupported sort property 'createdDateTime' for 'User'.",
    },
  ],
  // The same queries with the header and $count=true
  ['$filter=accountEnabled ne true&$count=true', 'eventual', ADVANCED],
  ["$filter=not(userType eq 'Member')&$count=true", 'Eventual', ADVANCED],
  ["$filter=endswith(mail,'a@contoso.com')&$orderby=userPrincipalName&$count=true", 'eventual', ADVANCED],
  ['$search="displayName:wa"&$orderby=displayName&$count=true', 'eventual', ADVANCED],
  ['$filter=department eq null&$count=true', 'eventual', ADVANCED],
  ['$filter=assignedLicenses/$count eq 0&$count=true', 'eventual', ADVANCED],
  ['$orderby=createdDateTime desc&$count=true', 'eventual', ADVANCED],
  ["$filter=onPremisesExtensionAttributes/extensionAttribute1 eq 'x'&$count=true", 'eventual', ADVANCED],
  // $search needs only the header
  ['$search="displayName:wa"', 'eventual', { ok: true, advanced: true, includeCount: false }],
  // Never supported, even in advanced mode
  ["$filter=startswith(jobTitle,'a')&$count=true", 'eventual', clause('jobTitle')],
  ["$filter=endswith(displayName,'x')&$count=true", 'eventual', clause('displayName')],
  ["$filter=passwordPolicies eq 'x'", undefined, clause('passwordPolicies')],
  [
    "$filter=imAddresses/all(s:s eq 'admin@contoso.com')",
    undefined,
    { status: 400, code: 'BadRequest', message: 'Filter not supported.' },
  ],
  [
    '$orderby=employeeHireDate&$count=true',
    'eventual',
    { status: 400, code: 'Request_UnsupportedQuery', message: 'An unsupported property was specified.' },
  ],
  // Binding errors
  [
    "$filter=nickname eq 'x'",
    undefined,
    {
      status: 400,
      code: 'BadRequest',
      message: "Could not find a property named 'nickname' on type 'microsoft.graph.user'.",
    },
  ],
  [
    "$filter=accountEnabled eq 'true'",
    undefined,
    {
      status: 400,
      code: 'BadRequest',
      message:
        "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'.",
    },
  ],
  [
    "$filter=assignedLicenses/any(x:x/skuId eq 'not-a-guid')",
    undefined,
    {
      status: 400,
      code: 'BadRequest',
      message:
        "Invalid filter clause: A binary operator with incompatible types was detected. Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'.",
    },
  ],
  [
    "$filter=businessPhones eq '123'",
    undefined,
    { status: 400, code: 'Request_UnsupportedQuery', message: 'Unsupported Query.' },
  ],
];

describe('advanced-query decision table', () => {
  it('covers at least 20 queries', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(20);
  });

  it.each(TABLE)('%s (ConsistencyLevel: %s)', (query, header, expected) => {
    expect(decide(query, header)).toEqual(expected);
  });
});

describe('advancedQueryReasons', () => {
  it('lists every reason a query needs advanced parameters', () => {
    const options = parseQueryOptions(
      "$filter=accountEnabled ne true and endswith(mail,'x')&$orderby=displayName&$count=true",
    );
    expect(advancedQueryReasons(options)).toEqual([
      { kind: 'filter', property: 'accountEnabled', operation: 'ne' },
      { kind: 'filter', property: 'mail', operation: 'endsWith' },
      { kind: 'filter-and-orderby' },
      { kind: 'count' },
    ]);
  });

  it('finds none for a default query', () => {
    expect(advancedQueryReasons(parseQueryOptions("$filter=startswith(displayName,'a')&$top=5"))).toEqual([]);
  });
});

describe('/users/$count', () => {
  it('needs the ConsistencyLevel header', () => {
    expect(() => checkCountSegment({})).toThrow('$count is not currently supported.');
    expect(() => checkCountSegment({ consistencyLevel: 'eventual' })).not.toThrow();
  });
});

describe('support tables', () => {
  it('exposes the facts of the advanced-query table', () => {
    expect(USER_FILTER_SUPPORT.accountEnabled?.ops.ne).toBe('advanced');
    expect(USER_FILTER_SUPPORT.mail?.ops.endsWith).toBe('advanced');
    expect(USER_FILTER_SUPPORT.displayName?.ops.startsWith).toBe('default');
    expect(USER_ORDERBY_SUPPORT.userPrincipalName).toBe('default');
    expect(USER_ORDERBY_SUPPORT.createdDateTime).toBe('advanced');
  });
});
