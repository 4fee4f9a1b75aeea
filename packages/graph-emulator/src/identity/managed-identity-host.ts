// The managed identities of the (pretend) Azure resource the client runs on, and the secret its
// local endpoint expects in X-IDENTITY-HEADER. App Service hands both to the process as
// IDENTITY_ENDPOINT and IDENTITY_HEADER; tests set those to this emulator's /msi/token.
// https://learn.microsoft.com/azure/app-service/overview-managed-identity (REST endpoint reference)

import { randomBytes, randomUUID } from 'node:crypto';

export interface ManagedIdentity {
  tenantId: string;
  /** The identity's application (client) id. */
  clientId: string;
  /** Its service principal's object id: the token's `oid`. */
  objectId: string;
  roles: readonly string[];
}

export interface ManagedIdentityInput {
  tenantId: string;
  clientId?: string;
  roles?: readonly string[];
}

export class ManagedIdentityHost {
  /** The value of IDENTITY_HEADER: requests without it are refused. */
  readonly header = randomBytes(24).toString('base64url');
  #systemAssigned: ManagedIdentity | undefined;
  readonly #userAssigned = new Map<string, ManagedIdentity>();
  #requests = 0;

  /** Turns on the resource's system-assigned identity (one at most; a second call replaces it). */
  enableSystemAssigned(input: ManagedIdentityInput): ManagedIdentity {
    this.#systemAssigned = identity(input);
    return this.#systemAssigned;
  }

  /** Assigns a user-assigned identity to the resource. */
  assignUserAssigned(input: ManagedIdentityInput): ManagedIdentity {
    const assigned = identity(input);
    this.#userAssigned.set(assigned.clientId, assigned);
    return assigned;
  }

  systemAssigned(): ManagedIdentity | undefined {
    return this.#systemAssigned;
  }

  userAssigned(clientId: string): ManagedIdentity | undefined {
    return this.#userAssigned.get(clientId.toLowerCase());
  }

  /** Token requests the endpoint answered (successful or not). */
  get requests(): number {
    return this.#requests;
  }

  recordRequest(): void {
    this.#requests += 1;
  }
}

function identity(input: ManagedIdentityInput): ManagedIdentity {
  return {
    tenantId: input.tenantId.toLowerCase(),
    clientId: (input.clientId ?? randomUUID()).toLowerCase(),
    objectId: randomUUID(),
    roles: input.roles ?? [],
  };
}
