import { describe, expect, it } from 'vitest';
import { graphTarget } from '../../src/graph/graph-url.js';

const BASE = 'https://graph.microsoft.com';

describe('graphTarget', () => {
  it('roots the path at the version', () => {
    expect(graphTarget(BASE, 'v1.0', '/users')).toEqual({ origin: BASE, pathAndQuery: '/v1.0/users' });
    expect(graphTarget(BASE, 'beta', '/users').pathAndQuery).toBe('/beta/users');
  });

  it('sends a string query as given (no re-encoding of quotes or $)', () => {
    const t = graphTarget(BASE, 'v1.0', '/users', "$filter=startswith(givenName,'J')&$select=id");
    expect(t.pathAndQuery).toBe("/v1.0/users?$filter=startswith(givenName,'J')&$select=id");
  });

  it('keeps existing percent-encoding in path and query', () => {
    const t = graphTarget(BASE, 'v1.0', '/users/a_b.com%23EXT%23@c.com', '$filter=mail%20eq%20%27x%27');
    expect(t.pathAndQuery).toBe('/v1.0/users/a_b.com%23EXT%23@c.com?$filter=mail%20eq%20%27x%27');
  });

  it('encodes what is illegal on the request line: spaces, non-ASCII, #', () => {
    const t = graphTarget(BASE, 'v1.0', '/users', "$filter=displayName eq 'Zoë #1'");
    expect(t.pathAndQuery).toBe("/v1.0/users?$filter=displayName%20eq%20'Zo%C3%AB%20%231'");
  });

  it('encodes URLSearchParams', () => {
    const t = graphTarget(BASE, 'v1.0', '/users', new URLSearchParams({ $top: '5' }));
    expect(t.pathAndQuery).toBe('/v1.0/users?%24top=5');
  });

  it('merges a query written inside the path with the separate one', () => {
    expect(graphTarget(BASE, 'v1.0', '/users?$top=5', '$select=id').pathAndQuery).toBe(
      '/v1.0/users?$top=5&$select=id',
    );
  });

  it('keeps a base URL path prefix (test doubles behind a prefix)', () => {
    expect(graphTarget('http://127.0.0.1:9/graph/', 'v1.0', '/me')).toEqual({
      origin: 'http://127.0.0.1:9',
      pathAndQuery: '/graph/v1.0/me',
    });
  });

  it.each([
    ['users', 'no leading slash'],
    ['', 'empty'],
    ['/users/../../admin', 'dot-dot'],
    ['/users/%2e%2e/x', 'encoded dot-dot'],
    ['/users/%2E%2E%2Fx', 'encoded dot-dot with encoded slash'],
    ['/users/./x', 'single dot'],
    ['/users/a#EXT#@x.com', 'raw #'],
    ['/users\\..\\x', 'backslash'],
    ['/users/%zz', 'broken percent-encoding'],
  ])('refuses %j (%s) with a TypeError', (path) => {
    expect(() => graphTarget(BASE, 'v1.0', path)).toThrow(TypeError);
  });
});
