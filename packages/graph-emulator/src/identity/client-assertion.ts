// client_assertion (RFC 7523, `private_key_jwt`) at the token endpoint. An assertion whose issuer is
// the client id is signed by one of the app's certificates (`x5t` SHA-1 or `x5t#S256` SHA-256
// thumbprint in the header, RS256 or PS256); any other issuer is a federated token, matched
// against the app's federated identity credentials (issuer, subject, audience; case-sensitive).
// https://learn.microsoft.com/entra/identity-platform/certificate-credentials
// https://learn.microsoft.com/entra/workload-id/workload-identity-federation

import type { AppRegistration } from '../directory/app-registration.js';
import type { FederatedTokenIssuer } from './federated-issuer.js';
import { type DecodedJwt, decodeJwt, verifyJwtSignature } from './jwt.js';
import { StsError } from './sts-error.js';

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Entra tolerates this much clock skew on nbf/exp. */
const SKEW_SECONDS = 300;

export interface AssertionContext {
  registration: AppRegistration;
  /** Whether `aud` names this tenant's token endpoint (checked by the route, which knows the host). */
  isTokenEndpoint(aud: string): boolean;
  federatedIssuer: FederatedTokenIssuer;
  nowSeconds?: number;
}

/** Returns when the assertion authenticates the app; throws the STS error Entra gives otherwise. */
export function authenticateAssertion(assertion: string, context: AssertionContext): void {
  const jwt = decodeJwt(assertion);
  if (jwt === undefined) throw assertionErrors.malformed();
  const iss = jwt.claims['iss'];
  if (typeof iss !== 'string') throw assertionErrors.malformed();
  if (iss.toLowerCase() === context.registration.clientId) certificateAssertion(jwt, context);
  else federatedAssertion(jwt, iss, context);
  const now = context.nowSeconds ?? Math.floor(Date.now() / 1000);
  const exp = jwt.claims['exp'];
  const nbf = jwt.claims['nbf'];
  if (
    typeof exp !== 'number' ||
    exp + SKEW_SECONDS < now ||
    (typeof nbf === 'number' && nbf - SKEW_SECONDS > now)
  ) {
    throw assertionErrors.outsideTimeRange(now, nbf, exp);
  }
}

function certificateAssertion(jwt: DecodedJwt, context: AssertionContext): void {
  const app = context.registration;
  const sub = jwt.claims['sub'];
  if (typeof sub !== 'string' || sub.toLowerCase() !== app.clientId) throw assertionErrors.wrongSubject();
  const s256 = jwt.header['x5t#S256'];
  const s1 = jwt.header['x5t'];
  const certificate = app.certificates.find((c) =>
    typeof s256 === 'string' ? c.x5tS256 === s256 : typeof s1 === 'string' && c.x5t === s1,
  );
  const thumbprint = thumbprintHex(typeof s256 === 'string' ? s256 : typeof s1 === 'string' ? s1 : '');
  if (certificate === undefined) throw assertionErrors.keyNotRegistered(thumbprint, app.clientId);
  if (!verifyJwtSignature(jwt, certificate.publicKey)) throw assertionErrors.badSignature(thumbprint);
  const aud = jwt.claims['aud'];
  if (typeof aud !== 'string' || !context.isTokenEndpoint(aud)) throw assertionErrors.wrongAudience();
}

function federatedAssertion(jwt: DecodedJwt, iss: string, context: AssertionContext): void {
  const credentials = context.registration.federatedCredentials;
  const byIssuer = credentials.filter((c) => c.issuer === iss);
  if (byIssuer.length === 0) throw assertionErrors.noFederatedIssuer(iss);
  const sub = String(jwt.claims['sub'] ?? '');
  const bySubject = byIssuer.filter((c) => c.subject === sub);
  if (bySubject.length === 0) {
    const caseOnly = byIssuer.some((c) => c.subject.toLowerCase() === sub.toLowerCase());
    throw caseOnly ? assertionErrors.subjectCaseMismatch(sub) : assertionErrors.noFederatedSubject(sub);
  }
  const audiences = [jwt.claims['aud']].flat().filter((a): a is string => typeof a === 'string');
  if (!bySubject.some((c) => c.audiences.some((a) => audiences.includes(a)))) {
    throw assertionErrors.noFederatedAudience(audiences.join(', '));
  }
  if (!context.federatedIssuer.signed(jwt)) throw assertionErrors.federatedSignature();
}

/** Entra quotes thumbprints as upper-case hex. */
function thumbprintHex(base64url: string): string {
  return Buffer.from(base64url, 'base64url').toString('hex').toUpperCase();
}

const FIC_ADVICE =
  'Check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation';

/** Entra's answer to a client that failed to prove itself: 401 `invalid_client`. */
function invalidClient(aadsts: number, description: string): StsError {
  return new StsError(401, 'invalid_client', aadsts, description);
}

/** No federated credential of the app matches the presented token's `field`. */
function noFederatedRecord(field: 'issuer' | 'subject' | 'audience', value: string, reason = ''): string {
  return `No matching federated identity record found for presented assertion ${field} '${value}'. ${reason ? `${reason} ` : ''}${FIC_ADVICE}`;
}

export const assertionErrors = {
  malformed: () => new StsError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.'),
  wrongSubject: () =>
    invalidClient(
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .",
    ),
  keyNotRegistered: (thumbprint: string, clientId: string) =>
    invalidClient(
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
    ),
  badSignature: (thumbprint: string) =>
    invalidClient(
      700027,
      `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${thumbprint}']`,
    ),
  wrongAudience: () =>
    invalidClient(
      700027,
      "Client assertion contains an invalid audience: it must be the tenant's token endpoint.",
    ),
  outsideTimeRange: (now: number, nbf: unknown, exp: unknown) =>
    invalidClient(
      700024,
      `Client assertion is not within its valid time range. Current time: ${iso(now)}, assertion valid from ${iso(nbf)}, expiry time of assertion ${iso(exp)}.`,
    ),
  noFederatedIssuer: (issuer: string) => invalidClient(700211, noFederatedRecord('issuer', issuer)),
  noFederatedSubject: (subject: string) => invalidClient(700213, noFederatedRecord('subject', subject)),
  subjectCaseMismatch: (subject: string) =>
    invalidClient(
      7002138,
      noFederatedRecord(
        'subject',
        subject,
        'The subject matches with case-insensitive comparison, but not with case-sensitive comparison.',
      ),
    ),
  noFederatedAudience: (audience: string) => invalidClient(700212, noFederatedRecord('audience', audience)),
  federatedSignature: () =>
    invalidClient(
      50013,
      "Assertion failed signature validation. [Reason - The key was not found in the issuer's keys.]",
    ),
};

function iso(seconds: unknown): string {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : 'unknown';
}
