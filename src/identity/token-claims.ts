/** What the check reads from an app-only access token: its application permissions and principal. */
export interface AppTokenClaims {
  /** The `roles` claim: the application permissions granted to the app (empty when it has none). */
  roles: string[];
  /** The `oid` claim: the object id of the app's service principal in the tenant. */
  servicePrincipalId?: string;
}

/**
 * Reads the payload of a JWT access token without checking its signature. That is sound here
 * because nothing is authorised on the strength of it: the token came straight from the authority
 * over TLS for this connection, and the claims only describe to an operator what Graph will
 * enforce anyway when the token is used (Graph verifies every token itself). Microsoft also warns
 * that Graph's tokens are not meant to be validated by the apps that get them. Answers undefined
 * when the token is not a readable JWT (Microsoft may change the format; callers must cope).
 */
export function readAppTokenClaims(token: string): AppTokenClaims | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null) return undefined;
  const { roles, oid } = claims as { roles?: unknown; oid?: unknown };
  return {
    roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === 'string') : [],
    ...(typeof oid === 'string' && oid !== '' ? { servicePrincipalId: oid } : {}),
  };
}
