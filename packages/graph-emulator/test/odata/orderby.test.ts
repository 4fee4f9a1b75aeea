import { describe, expect, it } from 'vitest';
import { ODataError } from '../../src/odata/odata-error.js';
import { orderByComparator, parseOrderBy } from '../../src/odata/orderby.js';
import { USERS } from './fixture-users.js';

function sortedIds(orderby: string): string[] {
  return [...USERS].sort(orderByComparator(parseOrderBy(orderby))).map((u) => u.id as string);
}

describe('$orderby parsing', () => {
  it('reads properties and directions, asc by default, direction case-insensitive', () => {
    expect(parseOrderBy('displayName DESC, userPrincipalName')).toEqual([
      { property: 'displayName', direction: 'desc' },
      { property: 'userPrincipalName', direction: 'asc' },
    ]);
  });

  it.each([
    [
      'displayName sideways',
      "Invalid orderby clause: Syntax error at position 20 in 'displayName sideways'.",
    ],
    ['displayName,', "Invalid orderby clause: Expression expected at position 12 in 'displayName,'."],
    ["'displayName'", "Invalid orderby clause: Syntax error at position 13 in ''displayName''."],
  ])('rejects %s', (text, message) => {
    try {
      parseOrderBy(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ODataError);
      expect((error as ODataError).status).toBe(400);
      expect((error as ODataError).message).toBe(message);
    }
  });
});

describe('$orderby comparator', () => {
  it('sorts strings case-insensitively', () => {
    expect(sortedIds('displayName')).toEqual(['u1', 'u2', 'u5', 'u3', 'u8', 'u7', 'u4', 'u6']);
  });

  it('sorts descending', () => {
    expect(sortedIds('displayName desc')).toEqual(['u6', 'u4', 'u7', 'u8', 'u3', 'u5', 'u2', 'u1']);
  });

  it('sorts dates and breaks ties with the next key', () => {
    expect(sortedIds('createdDateTime, displayName desc')).toEqual([
      'u5',
      'u3',
      'u1',
      'u8',
      'u7',
      'u2',
      'u4',
      'u6',
    ]);
  });

  it('puts nulls first ascending and last descending', () => {
    expect(sortedIds('mail').at(0)).toBe('u8');
    expect(sortedIds('mail desc').at(-1)).toBe('u8');
  });
});
