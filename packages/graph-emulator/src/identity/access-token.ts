// JWT-shaped access tokens signed with HMAC-SHA256 and a key private to one emulator instance.
// Clients must treat tokens as opaque, but some libraries decode `tid`/`exp`, so the claims
// follow Entra's app-only token names.

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export interface AccessTokenClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  tid: string;
  jti: string;
  idtyp: 'app';
  ver: '1.0';
  /** Object id of the app's service principal, as in Entra's app-only tokens. */
  oid?: string;
  /** The application permissions granted to the app (app roles); absent when none, as Entra omits it. */
  roles?: string[];
  /** Emulator-only: tokens minted before the tenant's current generation count as expired. */
  xms_emu_gen: number;
}

export type TokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: 'empty' | 'malformed' | 'signature' };

const HEADER = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));

export class AccessTokenSigner {
  readonly #key = randomBytes(32);

  mint(input: {
    tenantId: string;
    clientId: string;
    audience: string;
    lifetimeSeconds: number;
    generation: number;
    servicePrincipalId?: string;
    roles?: readonly string[];
  }): {
    token: string;
    claims: AccessTokenClaims;
  } {
    const now = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = {
      aud: input.audience,
      iss: `https://sts.windows.net/${input.tenantId}/`,
      iat: now,
      nbf: now,
      exp: now + input.lifetimeSeconds,
      appid: input.clientId,
      tid: input.tenantId,
      jti: randomUUID(),
      idtyp: 'app',
      ver: '1.0',
      ...(input.servicePrincipalId ? { oid: input.servicePrincipalId } : {}),
      ...(input.roles?.length ? { roles: [...input.roles] } : {}),
      xms_emu_gen: input.generation,
    };
    const unsigned = `${HEADER}.${base64url(JSON.stringify(claims))}`;
    return { token: `${unsigned}.${this.#sign(unsigned)}`, claims };
  }

  /** Checks shape and signature only; lifetime and audience are the caller's policy. */
  verify(token: string): TokenCheck {
    if (token.length === 0) return { ok: false, reason: 'empty' };
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'malformed' };
    const [header, payload, signature] = parts as [string, string, string];
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.#sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature' };
    }
    return { ok: true, claims };
  }

  #sign(data: string): string {
    return createHmac('sha256', this.#key).update(data).digest('base64url');
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function isClaims(value: unknown): value is AccessTokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c['tid'] === 'string' && typeof c['exp'] === 'number' && typeof c['aud'] === 'string';
}
