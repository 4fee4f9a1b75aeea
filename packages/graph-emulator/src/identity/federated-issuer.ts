// Stands in for the external issuers of workload identity federation (the AKS cluster's OIDC
// issuer, GitHub Actions' token.actions.githubusercontent.com). Entra fetches an issuer's keys from
// its discovery document; the emulator instead holds one signing key and trusts, for any issuer
// name, exactly the tokens it minted itself. Tests mint the token a platform would have written to
// AZURE_FEDERATED_TOKEN_FILE.
// https://learn.microsoft.com/entra/workload-id/workload-identity-federation

import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { type DecodedJwt, signRs256, verifyJwtSignature } from './jwt.js';

/** The audience Entra's federated credentials use by default. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

export interface FederatedTokenInput {
  /** e.g. `https://token.actions.githubusercontent.com` or the AKS OIDC issuer URL. */
  issuer: string;
  /** e.g. `repo:contoso/app:environment:prod` or `system:serviceaccount:ns:name`. */
  subject: string;
  audience?: string;
  lifetimeSeconds?: number;
}

export class FederatedTokenIssuer {
  #keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
  readonly #kid = randomUUID();

  mint(input: FederatedTokenInput): string {
    const now = Math.floor(Date.now() / 1000);
    return signRs256(
      { kid: this.#kid },
      {
        iss: input.issuer,
        sub: input.subject,
        aud: input.audience ?? TOKEN_EXCHANGE_AUDIENCE,
        iat: now,
        nbf: now,
        exp: now + (input.lifetimeSeconds ?? 3600),
        jti: randomUUID(),
      },
      this.#keyPair().privateKey,
    );
  }

  /** Whether this issuer signed the token. */
  signed(jwt: DecodedJwt): boolean {
    return jwt.header['kid'] === this.#kid && verifyJwtSignature(jwt, this.#keyPair().publicKey);
  }

  // Made on first use: most emulator instances never federate, and RSA key generation is not free.
  #keyPair(): { privateKey: KeyObject; publicKey: KeyObject } {
    this.#keys ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
    return this.#keys;
  }
}
