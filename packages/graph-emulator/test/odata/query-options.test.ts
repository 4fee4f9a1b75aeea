import { describe, expect, it } from 'vitest';
import { ODataError } from '../../src/odata/odata-error.js';
import { decodeQueryComponent, parseQueryOptions } from '../../src/odata/query-options.js';

function failure(query: string, allowed?: Parameters<typeof parseQueryOptions>[1]): ODataError {
  try {
    parseQueryOptions(query, allowed);
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  throw new Error(`expected ${query} to fail`);
}

describe('query options', () => {
  it('parses every /users option', () => {
    const options = parseQueryOptions(
      '?$select=id,displayName&$filter=startswith(givenName,\'J\')&$orderby=displayName desc&$top=5&$count=true&$search="displayName:j"&$skiptoken=abc&$expand=manager',
    );
    expect(options.select).toEqual(['id', 'displayName']);
    expect(options.filter?.text).toBe("startswith(givenName,'J')");
    expect(options.filter?.ast.kind).toBe('function');
    expect(options.orderby).toEqual([{ property: 'displayName', direction: 'desc' }]);
    expect(options.top).toBe(5);
    expect(options.count).toBe(true);
    expect(options.search?.ast).toEqual({ kind: 'term', property: 'displayName', value: 'j' });
    expect(options.skiptoken).toBe('abc');
    expect(options.expand).toBe('manager');
  });

  it('matches option names case-insensitively', () => {
    expect(parseQueryOptions('$TOP=7&$Select=id')).toEqual({ top: 7, select: ['id'] });
  });

  it('decodes values once and reads + as a space', () => {
    const options = parseQueryOptions(
      "$filter=userPrincipalName+eq+'AdeleV_adatum.com%23EXT%23%40contoso.com'&$select=id%2CdisplayName",
    );
    expect(options.filter?.ast).toMatchObject({ right: { value: 'AdeleV_adatum.com#EXT#@contoso.com' } });
    expect(options.select).toEqual(['id', 'displayName']);
    // %2525 decodes to %25, not to %
    expect(decodeQueryComponent('100%2525')).toBe('100%25');
    // an encoded plus stays a plus
    expect(decodeQueryComponent('a%2Bb+c')).toBe('a+b c');
  });

  it('keeps malformed percent sequences instead of failing', () => {
    expect(decodeQueryComponent('50%+off%21')).toBe('50% off!');
  });

  it('ignores custom (non-$) parameters and empty values', () => {
    expect(parseQueryOptions('api-version=2&foo&$filter=&$top=3&&')).toEqual({ top: 3 });
  });

  it('accepts $top between 1 and 999 inclusive', () => {
    expect(parseQueryOptions('$top=1').top).toBe(1);
    expect(parseQueryOptions('$top=999').top).toBe(999);
  });

  it.each(['0', '1000', '5000'])('rejects $top=%s with the page-size error', (top) => {
    const error = failure(`$top=${top}`);
    expect([error.status, error.code, error.message]).toEqual([
      400,
      'Request_UnsupportedQuery',
      `Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`,
    ]);
  });

  it.each(['abc', '-1', '1.5'])('rejects a non-integer $top=%s', (top) => {
    const error = failure(`$top=${top}`);
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      `Invalid value '${top}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  });

  it('parses $count as true/false and rejects anything else', () => {
    expect(parseQueryOptions('$count=TRUE').count).toBe(true);
    expect(parseQueryOptions('$count=false').count).toBe(false);
    expect(failure('$count=yes').message).toBe("'yes' is not a valid count option.");
  });

  it('rejects unknown $-options, $skip and duplicates', () => {
    expect(failure('$foo=1').message).toBe("The query parameter '$foo' is not supported.");
    expect(failure('$skip=10').message).toBe("'$skip' is not supported by the service.");
    expect(failure('$top=1&$TOP=2').message).toBe(
      "Query option '$top' was specified more than once, but it must be specified at most once.",
    );
  });

  it('lets a route choose its options (delta accepts $deltatoken)', () => {
    expect(failure('$deltatoken=x').status).toBe(400);
    expect(parseQueryOptions('$deltatoken=abc&$select=id', { allowed: ['$deltatoken', '$select'] })).toEqual({
      deltatoken: 'abc',
      select: ['id'],
    });
  });

  it('surfaces filter syntax errors with the decoded text', () => {
    expect(failure("$filter=displayName+eq+'a").message).toBe(
      "Invalid filter clause: Unterminated string literal at position 17 in 'displayName eq 'a'.",
    );
  });
});
