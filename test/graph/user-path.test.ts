import { describe, expect, it } from 'vitest';
import { groupPath, userPath } from '../../src/graph/user-path.js';

describe('userPath', () => {
  it.each([
    ['object id', '3f1c9a5e-0b8e-4d3a-9c1e-2b7f4a6d8e90', '/users/3f1c9a5e-0b8e-4d3a-9c1e-2b7f4a6d8e90'],
    ['plain UPN (@ stays readable)', 'adele@contoso.com', '/users/adele@contoso.com'],
    [
      'guest #EXT# UPN',
      'AdeleV_adatum.com#EXT#@contoso.com',
      '/users/AdeleV_adatum.com%23EXT%23@contoso.com',
    ],
    ['apostrophe in path form', "o'brien@contoso.com", "/users/o'brien@contoso.com"],
    ['$-prefixed UPN uses key syntax', '$AdeleVance@contoso.com', "/users('$AdeleVance@contoso.com')"],
    ['$ plus apostrophe doubles the quote', "$o'brien@contoso.com", "/users('$o''brien@contoso.com')"],
    ['$ plus #EXT#', '$a_b.com#EXT#@contoso.com', "/users('$a_b.com%23EXT%23@contoso.com')"],
    ['space is encoded', 'first last@contoso.com', '/users/first%20last@contoso.com'],
    ['unicode is UTF-8 encoded', 'jürgen@contoso.com', '/users/j%C3%BCrgen@contoso.com'],
    ['slash cannot add a segment', 'a/b@contoso.com', '/users/a%2Fb@contoso.com'],
    ['query and fragment characters are encoded', 'a?b&c=d@x.com', '/users/a%3Fb%26c%3Dd@x.com'],
    ['percent is encoded', 'a%23b@x.com', '/users/a%2523b@x.com'],
    ['empty id never addresses the collection', '', "/users('')"],
    ['dot segments never climb out', '..', "/users('..')"],
  ])('%s', (_name, input, expected) => {
    expect(userPath(input)).toBe(expected);
  });

  it('keeps a GUID in the case given', () => {
    expect(userPath('3F1C9A5E-0B8E-4D3A-9C1E-2B7F4A6D8E90')).toBe(
      '/users/3F1C9A5E-0B8E-4D3A-9C1E-2B7F4A6D8E90',
    );
  });

  it('decodes back to the original UPN (round trip through one segment)', () => {
    const upn = 'x_y.com#EXT#@t.onmicrosoft.com';
    const segment = userPath(upn).slice('/users/'.length);
    expect(decodeURIComponent(segment)).toBe(upn);
  });
});

describe('groupPath', () => {
  it('addresses a group by id and encodes anything odd', () => {
    expect(groupPath('02bd9fd6-8f93-4758-87c3-1fb73740a315')).toBe(
      '/groups/02bd9fd6-8f93-4758-87c3-1fb73740a315',
    );
    expect(groupPath('a/../b')).toBe('/groups/a%2F..%2Fb');
  });
});
