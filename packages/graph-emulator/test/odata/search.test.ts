import { describe, expect, it } from 'vitest';
import { ODataError } from '../../src/odata/odata-error.js';
import { compileSearch, parseSearch } from '../../src/odata/search.js';
import { USERS } from './fixture-users.js';

function found(search: string): string[] {
  const predicate = compileSearch(parseSearch(search));
  return USERS.filter(predicate).map((u) => u.id as string);
}

function failure(search: string): ODataError {
  try {
    parseSearch(search);
  } catch (error) {
    if (error instanceof ODataError) return error;
    throw error;
  }
  throw new Error(`expected ${search} to fail`);
}

describe('$search matching', () => {
  it.each<[string, string[]]>([
    // token prefix, not substring: "wa" matches Washington, not "Edward"-like inner text
    ['"displayName:wa"', ['u5']],
    ['"displayName:ad"', ['u1']],
    ['"displayName:vance"', ['u1']],
    ['"displayName:ance"', []],
    ['"displayName:conf room"', ['u5']],
    ['"displayName:room conf"', ['u5']],
    ['"displayName:wa" OR "displayName:ad"', ['u1', 'u5']],
    ['"displayName:a" AND "mail:alexw"', ['u2']],
    ['"displayName:a" "mail:alexw"', ['u2']],
    // Properties other than displayName match from the start of the whole value, not by token.
    ['"mail:contoso"', []],
    ['"mail:adelev"', ['u1']],
    ['"mail:ADELEV@contoso"', ['u1']],
    ['"userPrincipalName:megan_fabrikam"', ['u4']],
    ['"jobTitle:hr"', ['u3']],
    ['"jobTitle:manager"', []],
    ['"givenName:is" OR ("surname:gu" AND "displayName:lee")', ['u7', 'u8']],
    ['"surname:o\'brien"', ['u6']],
    ['"DISPLAYNAME:diego"', ['u3']],
  ])('%s', (search, expected) => {
    expect(found(search)).toEqual(expected);
  });
});

describe('$search errors', () => {
  it('rejects an unquoted property clause like Graph does', () => {
    // Graph's answer: "Syntax error: character ':' is not valid at position 11 in 'displayName:room'."
    const error = failure('displayName:room');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "Syntax error: character ':' is not valid at position 11 in 'displayName:room'.",
    );
  });

  it('rejects a clause without a property', () => {
    expect(failure('"room"').status).toBe(400);
    expect(failure('room').status).toBe(400);
  });

  it('rejects properties that are not searchable strings', () => {
    for (const clause of ['"accountEnabled:true"', '"assignedLicenses:x"', '"nosuch:x"']) {
      const error = failure(clause);
      expect(error.code).toBe('Request_UnsupportedQuery');
      expect(error.message).toContain(`'${clause.slice(1, clause.indexOf(':'))}'`);
    }
  });

  it('rejects unterminated quotes and dangling operators', () => {
    expect(failure('"displayName:wa').message).toBe(
      "Unterminated string literal at position 15 in '\"displayName:wa'.",
    );
    expect(failure('"displayName:wa" OR').message).toBe(
      'Syntax error at position 19 in \'"displayName:wa" OR\'.',
    );
  });
});
