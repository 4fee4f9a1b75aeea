// An app registration as the token endpoint sees it: a client id, its valid secrets and
// certificates, and the federated credentials it trusts.

import { createHash, type KeyObject, X509Certificate } from 'node:crypto';

/** A certificate uploaded to the app (its public part): assertions it signed are accepted. */
export interface RegisteredCertificate {
  /** base64url SHA-1 of the DER, as sent in `x5t`. */
  readonly x5t: string;
  /** base64url SHA-256 of the DER, as sent in `x5t#S256`. */
  readonly x5tS256: string;
  readonly publicKey: KeyObject;
}

/** A federated identity credential: tokens of `issuer` about `subject` for one of `audiences`. */
export interface FederatedCredential {
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
}

export interface AppRegistration {
  readonly clientId: string;
  readonly displayName: string;
  /** Several secrets may be valid at once (rotation). */
  readonly secrets: readonly string[];
  readonly certificates: readonly RegisteredCertificate[];
  readonly federatedCredentials: readonly FederatedCredential[];
}

export interface AppCredentialsInput {
  clientId: string;
  /** Absent for an app that proves itself only with certificates or federated credentials. */
  clientSecret?: string;
  displayName?: string;
}

export function newRegistration(input: AppCredentialsInput, existing?: AppRegistration): AppRegistration {
  const clientId = input.clientId.toLowerCase();
  return {
    clientId,
    displayName: input.displayName ?? existing?.displayName ?? `app-${clientId.slice(0, 8)}`,
    secrets: [
      ...(existing?.secrets ?? []),
      ...(input.clientSecret === undefined ? [] : [input.clientSecret]),
    ],
    certificates: existing?.certificates ?? [],
    federatedCredentials: existing?.federatedCredentials ?? [],
  };
}

/** The public part of a PEM certificate, as Entra keeps it after an upload. */
export function registeredCertificate(pem: string): RegisteredCertificate {
  const certificate = new X509Certificate(pem);
  return {
    x5t: createHash('sha1').update(certificate.raw).digest('base64url'),
    x5tS256: createHash('sha256').update(certificate.raw).digest('base64url'),
    publicKey: certificate.publicKey,
  };
}
