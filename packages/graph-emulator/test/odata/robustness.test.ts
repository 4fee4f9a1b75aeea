import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAdvancedQuery } from '../../src/odata/advanced-query.js';
import { compileFilter } from '../../src/odata/filter-evaluator.js';
import { parseFilter } from '../../src/odata/filter-parser.js';
import { ODataError } from '../../src/odata/odata-error.js';
import { parseQueryOptions } from '../../src/odata/query-options.js';
import { SKU_E5, USERS } from './fixture-users.js';

const LEAF = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('displayName', 'department', 'city', 'givenName', 'mail', 'jobTitle'),
      fc.constantFrom('eq', 'ne', 'ge', 'le', 'gt', 'lt'),
      fc.constantFrom("'Tulsa'", "'adele vance'", "'M'", "'HR'", 'null', "'O''Brien'"),
    )
    .map(([property, op, literal]) => `${property} ${op} ${literal}`),
  fc
    .tuple(
      fc.constantFrom('displayName', 'mail', 'userPrincipalName'),
      fc.constantFrom('a', 'Con', 'megan', ''),
    )
    .map(([property, prefix]) => `startswith(${property},'${prefix}')`),
  fc.constantFrom(
    'accountEnabled eq true',
    `assignedLicenses/any(x:x/skuId eq ${SKU_E5})`,
    "proxyAddresses/any(p:startswith(p,'smtp:'))",
    'createdDateTime ge 2021-01-01T00:00:00Z',
    "department in ('HR','Retail')",
  ),
);

const { filter: FILTER } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    LEAF,
    fc.tuple(tie('filter'), tie('filter')).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie('filter'), tie('filter')).map(([a, b]) => `${a} or ${b}`),
    tie('filter').map((a) => `not(${a})`),
  ),
}));

function ids(filter: string): Set<unknown> {
  return new Set(USERS.filter(compileFilter(parseFilter(filter))).map((u) => u.id));
}

// Pieces that make random input look like real queries, so the fuzzer reaches deep parser states.
const FRAGMENT = fc.constantFrom(
  '$filter=',
  '$select=',
  '$orderby=',
  '$search=',
  '$top=',
  '$count=',
  '&',
  ' ',
  '(',
  ')',
  ',',
  "'",
  "''",
  '"',
  'eq',
  'ne',
  'and',
  'or',
  'not',
  'in',
  'any',
  'all',
  '/',
  ':',
  'x',
  'startswith',
  'endswith',
  'displayName',
  'assignedLicenses',
  'skuId',
  'null',
  'true',
  '2021-01-01T00:00:00Z',
  'c7df2760-2c81-4ef7-b578-5b5392b571df',
  '$count',
  '%',
  '%27',
  '+',
  'desc',
  'OR',
  'AND',
  'displayName:wa',
  '12',
  '-',
);

describe('robustness', () => {
  it('answers any query string with a result or an ODataError, never another exception', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            FRAGMENT,
            FILTER.map((f) => `&$filter=${f}`),
          ),
          { maxLength: 25 },
        ),
        fc.boolean(),
        (parts, eventual) => {
          try {
            const options = parseQueryOptions(parts.join(''));
            checkAdvancedQuery(options, { consistencyLevel: eventual ? 'eventual' : undefined });
            if (options.filter) USERS.filter(compileFilter(options.filter.ast));
          } catch (error) {
            expect(error).toBeInstanceOf(ODataError);
            expect((error as ODataError).status).toBeGreaterThanOrEqual(400);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('keeps boolean algebra: not is the complement, or is the union, and is the intersection', () => {
    fc.assert(
      fc.property(FILTER, FILTER, (a, b) => {
        const left = ids(a);
        const right = ids(b);
        const all = USERS.map((u) => u.id);
        expect([...ids(`not(${a})`)]).toEqual(all.filter((id) => !left.has(id)));
        expect([...ids(`(${a}) or (${b})`)]).toEqual(all.filter((id) => left.has(id) || right.has(id)));
        expect([...ids(`(${a}) and (${b})`)]).toEqual(all.filter((id) => left.has(id) && right.has(id)));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any string through a quoted literal with doubled quotes', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const literal = `'${value.replaceAll("'", "''")}'`;
        const predicate = compileFilter(parseFilter(`displayName eq ${literal}`));
        expect(predicate({ displayName: value })).toBe(true);
        expect(predicate({ displayName: `${value}!` })).toBe(false);
      }),
    );
  });
});
