import { describe, expect, it } from 'vitest';
import { tracedPathAndQuery } from '../../src/graph/graph-span-attributes.js';

describe('the Graph URL a span carries', () => {
  it('replaces a user principal name in the path, raw or percent-encoded', () => {
    expect(tracedPathAndQuery("/v1.0/users/o'brien%40contoso.onmicrosoft.com/memberOf")).toBe(
      '/v1.0/users/{userPrincipalName}/memberOf',
    );
    expect(tracedPathAndQuery('/v1.0/users/jane@contoso.com')).toBe('/v1.0/users/{userPrincipalName}');
  });

  it('keeps object ids and the shape of the path', () => {
    const path = '/v1.0/groups/0b6f2c1e-7d3a-4b7e-9c1f-2a5d8e4f6b10/members/$ref';
    expect(tracedPathAndQuery(path)).toBe(path);
  });

  it('blanks every query value, keeping the parameter names', () => {
    expect(tracedPathAndQuery("/v1.0/users?$filter=mail eq 'jane@contoso.com'&$top=5")).toBe(
      '/v1.0/users?$filter=[Redacted]&$top=[Redacted]',
    );
  });
});
