import { describe, expect, it } from 'vitest';
import { encodeUserQuery, parseUserQuery } from '../../../src/capabilities/common/user-query.js';
import { ServiceError } from '../../../src/errors/service-error.js';

const USERS = ['$filter', '$select', '$orderby', '$top', '$count', '$search', '$expand', '$skiptoken'];

function failure(text: string): ServiceError {
  try {
    parseUserQuery(text, USERS);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('parseUserQuery', () => {
  it('gives the encoded and plain forms of the documentation the same options', () => {
    const encoded = parseUserQuery("$filter=startswith(givenName%2C+'J')&$select=givenName,surname", USERS);
    const plain = parseUserQuery("$filter=startswith(givenName, 'J')&$select=givenName,surname", USERS);
    expect(encoded).toEqual(plain);
    expect(encoded).toEqual([
      { name: '$filter', value: "startswith(givenName, 'J')" },
      { name: '$select', value: 'givenName,surname' },
    ]);
  });

  it('accepts a leading ?, option names in any case and an encoded $', () => {
    expect(parseUserQuery('?%24Top=5&$SELECT=id', USERS)).toEqual([
      { name: '$top', value: '5' },
      { name: '$select', value: 'id' },
    ]);
  });

  it('keeps a plain & inside a quoted literal', () => {
    expect(parseUserQuery("$filter=displayName eq 'R&D'&$top=2", USERS)).toEqual([
      { name: '$filter', value: "displayName eq 'R&D'" },
      { name: '$top', value: '2' },
    ]);
  });

  it('keeps a % that is not an escape', () => {
    expect(parseUserQuery("$filter=startswith(displayName,'100%')", USERS)[0]?.value).toBe(
      "startswith(displayName,'100%')",
    );
  });

  it('treats an empty or absent query as no options', () => {
    expect(parseUserQuery(undefined, USERS)).toEqual([]);
    expect(parseUserQuery('  ', USERS)).toEqual([]);
  });

  it.each([
    ['filter=x', 'UNSUPPORTED_QUERY_OPTION'],
    ['$skip=10', 'UNSUPPORTED_QUERY_OPTION'],
    ['$format=json', 'UNSUPPORTED_QUERY_OPTION'],
    ['api-version=1', 'UNSUPPORTED_QUERY_OPTION'],
    ['$top=1&$top=2', 'DUPLICATE_QUERY_OPTION'],
    ['$filter=', 'EMPTY_QUERY_OPTION'],
  ])('refuses %s with %s naming /userQuery', (text, code) => {
    const error = failure(text);
    expect(error.status).toBe(400);
    expect(error.code).toBe(code);
    expect(error.extra.errors?.[0]?.path).toBe('/userQuery');
  });

  it('encodes each value exactly once', () => {
    const options = parseUserQuery("$filter=startswith(givenName%2C+'J')", USERS);
    expect(encodeUserQuery(options)).toBe("$filter=startswith(givenName%2C%20'J')");
    expect(parseUserQuery(encodeUserQuery(options), USERS)).toEqual(options);
  });
});
