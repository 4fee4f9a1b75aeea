import { describe, expect, it } from 'vitest';
import { tokenizeFilter } from '../../src/odata/filter-lexer.js';
import { parseFilter } from '../../src/odata/filter-parser.js';
import { ODataError } from '../../src/odata/odata-error.js';

function errorOf(filter: string): ODataError {
  try {
    parseFilter(filter);
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  throw new Error(`expected ${filter} to fail`);
}

describe('filter lexer', () => {
  it('reads typed literals', () => {
    const kinds = tokenizeFilter(
      "'it''s' 9f431833-0334-42de-a7dc-70aa40db46db 2021-01-01T00:00:00Z 2021-01-01 -12.5 true",
    ).map((t) => [t.kind, t.text]);
    expect(kinds).toEqual([
      ['string', "it's"],
      ['guid', '9f431833-0334-42de-a7dc-70aa40db46db'],
      ['datetime', '2021-01-01T00:00:00Z'],
      ['date', '2021-01-01'],
      ['number', '-12.5'],
      ['identifier', 'true'],
      ['end', ''],
    ]);
  });

  it('reads a GUID that starts with letters as a GUID, not an identifier', () => {
    expect(tokenizeFilter('efccb6f7-5641-4e0e-bd10-b4976e1bf68e')[0]?.kind).toBe('guid');
  });
});

describe('filter parser', () => {
  it('builds comparisons with property paths', () => {
    expect(parseFilter("onPremisesExtensionAttributes/extensionAttribute1 eq 'x'")).toMatchObject({
      kind: 'compare',
      op: 'eq',
      left: { kind: 'property', path: ['onPremisesExtensionAttributes', 'extensionAttribute1'] },
      right: { kind: 'literal', type: 'string', value: 'x' },
    });
  });

  it('binds and tighter than or', () => {
    expect(parseFilter("a eq 'x' or b eq 'y' and c eq 'z'")).toMatchObject({
      kind: 'or',
      right: { kind: 'and' },
    });
  });

  it('resolves lambda variables and keeps the collection path', () => {
    expect(
      parseFilter('assignedLicenses/any(x:x/skuId eq c7df2760-2c81-4ef7-b578-5b5392b571df)'),
    ).toMatchObject({
      kind: 'lambda',
      op: 'any',
      collection: { path: ['assignedLicenses'] },
      variable: 'x',
      predicate: { kind: 'compare', left: { variable: 'x', path: ['skuId'] }, right: { type: 'guid' } },
    });
  });

  it('parses in-lists, functions and $count', () => {
    expect(parseFilter("id in ('a', 'b')")).toMatchObject({
      kind: 'in',
      values: [{ value: 'a' }, { value: 'b' }],
    });
    expect(parseFilter("endsWith(mail,'@x.com')")).toMatchObject({ kind: 'function', name: 'endswith' });
    expect(parseFilter('assignedLicenses/$count eq 0')).toMatchObject({
      left: { path: ['assignedLicenses'], count: true },
    });
  });

  it('folds eq false on a function into not', () => {
    expect(parseFilter("startswith(displayName,'a') eq false")).toMatchObject({
      kind: 'not',
      operand: { kind: 'function' },
    });
  });
});

describe('filter syntax errors', () => {
  const SYNTAX: Array<[string, string]> = [
    // As Graph reports it (microsoft-graph-explorer-v4#3227): position is just past the offending token.
    [
      "jobtitle ge '!' , accountenabled eq true",
      "Syntax error at position 17 in 'jobtitle ge '!' , accountenabled eq true'.",
    ],
    ["displayName eq 'abc", "Unterminated string literal at position 19 in 'displayName eq 'abc'."],
    [
      "displayName eq 'a' & x",
      "Syntax error: character '&' is not valid at position 19 in 'displayName eq 'a' & x'.",
    ],
    ['displayName eq', "Expression expected at position 14 in 'displayName eq'."],
    ["(displayName eq 'a'", "')' or operator expected at position 19 in '(displayName eq 'a''."],
    ["startswith(displayName 'a')", "')' or ',' expected at position 23 in 'startswith(displayName 'a')'."],
    ["id in 'a'", "'(' expected at position 6 in 'id in 'a''."],
    ['', "Expression expected at position 0 in ''."],
    ["displayName eq 'a' and", "Expression expected at position 22 in 'displayName eq 'a' and'."],
    [
      "substringof('a',displayName)",
      "An unknown function with name 'substringof' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.",
    ],
  ];

  it.each(SYNTAX)('%s', (filter, detail) => {
    const error = errorOf(filter);
    expect(error.status).toBe(400);
    expect(error.code).toBe('BadRequest');
    expect(error.message).toBe(`Invalid filter clause: ${detail}`);
  });
});
