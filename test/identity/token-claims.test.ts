import { describe, expect, it } from 'vitest';
import { readAppTokenClaims } from '../../src/identity/token-claims.js';

const jwt = (payload: unknown) =>
  `eyJ0eXAiOiJKV1QifQ.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.signature`;

describe('readAppTokenClaims', () => {
  it('reads the roles and the service principal of an app-only token', () => {
    expect(readAppTokenClaims(jwt({ roles: ['User.Read.All', 7], oid: 'abc' }))).toEqual({
      roles: ['User.Read.All'],
      servicePrincipalId: 'abc',
    });
  });

  it('answers no roles for a token without the claim (an app granted nothing), and undefined for one it cannot read', () => {
    expect(readAppTokenClaims(jwt({ tid: 't' }))).toEqual({ roles: [] });
    expect(readAppTokenClaims('opaque-token')).toBeUndefined();
    expect(readAppTokenClaims('a.!!!.c')).toBeUndefined();
  });
});
