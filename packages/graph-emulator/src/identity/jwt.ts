// Just enough JWS (RFC 7515) for client assertions: decode a compact JWT and check an RS256 or
// PS256 signature with a public key. No library: the emulator verifies, it never trusts a header.

import { constants, createSign, type KeyObject, verify } from 'node:crypto';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

export function decodeJwt(compact: string): DecodedJwt | undefined {
  const parts = compact.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const decodedHeader: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    const decodedClaims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!isObject(decodedHeader) || !isObject(decodedClaims)) return undefined;
    return {
      header: decodedHeader,
      claims: decodedClaims,
      signingInput: `${header}.${payload}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

/** RS256 (PKCS#1 v1.5) or PS256 (PSS, salt of the digest's length, as RFC 7518 3.5 says). */
export function verifyJwtSignature(jwt: DecodedJwt, key: KeyObject): boolean {
  const alg = jwt.header['alg'];
  if (alg !== 'RS256' && alg !== 'PS256') return false;
  const padding =
    alg === 'PS256'
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : { padding: constants.RSA_PKCS1_PADDING };
  try {
    return verify('sha256', Buffer.from(jwt.signingInput), { key, ...padding }, jwt.signature);
  } catch {
    return false;
  }
}

export function signRs256(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  key: KeyObject,
): string {
  const signingInput = `${base64urlJson({ typ: 'JWT', alg: 'RS256', ...header })}.${base64urlJson(claims)}`;
  const signature = createSign('sha256').update(signingInput).sign(key).toString('base64url');
  return `${signingInput}.${signature}`;
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
