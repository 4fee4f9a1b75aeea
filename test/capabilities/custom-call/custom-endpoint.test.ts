import { describe, expect, it } from 'vitest';
import { checkCustomEndpoint } from '../../../src/capabilities/custom-call/custom-endpoint.js';
import { HOSTILE_ENDPOINTS } from '../../helpers/hostile-endpoints.js';

describe('checkCustomEndpoint', () => {
  it.each([
    ['/users', '/users', ''],
    ['/users/', '/users/', ''],
    ['/users/AdeleV_adatum.com%23EXT%23@contoso.com', '/users/AdeleV_adatum.com%23EXT%23@contoso.com', ''],
    ["/users('$AdeleVance@contoso.com')", "/users('$AdeleVance@contoso.com')", ''],
    ["/users/o'brien@contoso.com/memberOf", "/users/o'brien@contoso.com/memberOf", ''],
    ['/users/$count', '/users/$count', ''],
    ['/groups/0b5c/members/$ref', '/groups/0b5c/members/$ref', ''],
    ['/drives/b!x/root:/Reports/q1.csv:/content', '/drives/b!x/root:/Reports/q1.csv:/content', ''],
    ['/users/100%25done@x.com', '/users/100%25done@x.com', ''],
    [
      "/users?$filter=startswith(displayName,'Ann Lee')&$top=5",
      '/users',
      "$filter=startswith(displayName,'Ann Lee')&$top=5",
    ],
    ['/users?$search="displayName:Zoë"', '/users', '$search="displayName:Zoë"'],
  ])('accepts %j', (endpoint, path, query) => {
    expect(checkCustomEndpoint(endpoint)).toEqual({ ok: true, path, query });
  });

  it.each([
    ['', 'must not be empty'],
    ['https://evil.example/users', 'absolute URL (scheme "https:")'],
    ['//evil.example/users', 'protocol-relative'],
    ['evil.example@graph.microsoft.com/users', 'userinfo'],
    ['users', 'must start with "/"'],
    ['/users\\..', 'backslash'],
    ['/users\n', 'control or invisible character (U+000A)'],
    ['/users#x', 'contains "#"'],
    ['/a b', 'whitespace'],
    ['/users/é', 'percent-encode it'],
    ['/users//x', 'empty path segment'],
    ['/users/%zz', 'valid percent-encoding'],
    ['/users/%2e%2E', 'dot segment'],
    ['/users/%252e%252e', 'dot segment'],
    ['/users/%2fx', 'encodes "/"'],
    ['/users/%ff', 'not valid UTF-8'],
    ['/v1.0/users', 'starts with the version "/v1.0"'],
    ['/BETA/users', 'starts with the version "/BETA"'],
  ])('refuses %j, naming the problem', (endpoint, problem) => {
    const check = checkCustomEndpoint(endpoint);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.problem).toContain(problem);
  });

  it('refuses every value of the hostile corpus marked reject, and passes the harmless ones', () => {
    for (const { value, expect: expected } of HOSTILE_ENDPOINTS) {
      const check = checkCustomEndpoint(value.replaceAll('DECOY', '127.0.0.1:9'));
      expect(check.ok, JSON.stringify(value)).toBe(expected === 'stay');
    }
  });
});
