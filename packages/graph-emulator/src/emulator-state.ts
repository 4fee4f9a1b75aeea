// Everything one emulator instance knows: its tenants, the token signer, and the counters
// tests read back. Routes receive this object; tests get it from buildEmulator/startEmulator.

import { randomBytes, randomUUID } from 'node:crypto';
import { type AppGrantsInput, DIRECTORY_ROLE_IDS } from './directory/app-grants.js';
import type { FederatedCredential } from './directory/app-registration.js';
import { DeltaPolicy, type DeltaSettings } from './directory/delta-policy.js';
import { ReplicationLag } from './directory/replication-lag.js';
import { TenantDirectory } from './directory/tenant-directory.js';
import type { UserProperties } from './directory/user-record.js';
import { FaultInjector } from './faults/fault-injector.js';
import { RetryTiming } from './faults/retry-timing.js';
import { AccessTokenSigner } from './identity/access-token.js';
import {
  type FederatedTokenInput,
  FederatedTokenIssuer,
  TOKEN_EXCHANGE_AUDIENCE,
} from './identity/federated-issuer.js';
import { ManagedIdentityHost } from './identity/managed-identity-host.js';
import { DEMO_TENANT } from './seed/demo-tenant.js';
import { seedDemoTenant, seedGeneratedTenant } from './seed/seed-tenant.js';
import { ThrottleModel } from './throttling/throttle-model.js';

export interface TenantInput {
  /** A GUID; generated when absent. */
  tenantId?: string;
  /** Verified domains; the first is the tenant's default domain. */
  domains: string[];
  /**
   * App registrations; one with a generated id and secret when absent or empty. `permissions`
   * (Graph application permissions, in the token's `roles`) default to DEFAULT_APP_PERMISSIONS;
   * `directoryRoles` (role template ids assigned tenant-wide) to none.
   */
  apps?: ({ clientId?: string; clientSecret?: string } & AppGrantsInput)[];
  /** Generated users to add (deterministic for a given tenant id). Default 0. */
  seedUsers?: number;
  displayName?: string;
}

export interface TenantCredentials {
  tenantId: string;
  /** The first app's credentials, for the common one-app case. */
  clientId: string;
  clientSecret: string;
  /** The default verified domain. */
  domain: string;
  domains: string[];
  apps: { clientId: string; clientSecret: string }[];
}

export interface EmulatorStateOptions {
  tokenLifetimeSeconds: number;
  /** Users in the demo tenant, fixtures included. */
  demoUsers: number;
  /** /users/delta settings (page size, token max age, faults); defaults in delta-policy.ts. */
  delta?: Partial<DeltaSettings>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class EmulatorState {
  readonly signer = new AccessTokenSigner();
  /** Stands in for the external issuers of workload identity federation (see federated-issuer.ts). */
  readonly federatedIssuer = new FederatedTokenIssuer();
  /** The managed identities served at /msi/token (IDENTITY_ENDPOINT), and its IDENTITY_HEADER. */
  readonly managedIdentity = new ManagedIdentityHost();
  readonly tokenLifetimeSeconds: number;
  /** /users/delta knobs, changeable at run time; `delta.expireTokens()` expires delta tokens. */
  readonly delta: DeltaPolicy;
  readonly demo: TenantCredentials;
  /** Armed fault rules (also reachable through /_emulator/faults). */
  readonly faults = new FaultInjector();
  /** The resource-unit throttling model (off until enabled; /_emulator/throttling). */
  readonly throttling = new ThrottleModel();
  /** Whether clients came back before the Retry-After they were sent. */
  readonly retryTiming = new RetryTiming();
  /** How long a user or group created through Graph stays invisible to other reads (off: 0). */
  readonly replicationLag = new ReplicationLag();
  readonly #tenants = new Map<string, TenantDirectory>();
  readonly #byDomain = new Map<string, TenantDirectory>();
  readonly #tokenRequests = new Map<string, number>();
  readonly #tokenGenerations = new Map<string, number>();
  #graphRequests = 0;

  constructor(options: EmulatorStateOptions) {
    this.tokenLifetimeSeconds = options.tokenLifetimeSeconds;
    this.delta = new DeltaPolicy(options.delta);
    this.demo = this.addTenant({
      tenantId: DEMO_TENANT.tenantId,
      domains: [...DEMO_TENANT.domains],
      // The demo app holds User Administrator, as the README asks of a real tenant's app.
      apps: [
        {
          clientId: DEMO_TENANT.clientId,
          clientSecret: DEMO_TENANT.clientSecret,
          directoryRoles: [DIRECTORY_ROLE_IDS.userAdministrator],
        },
      ],
      displayName: DEMO_TENANT.displayName,
    });
    seedDemoTenant(this.#tenants.get(DEMO_TENANT.tenantId)!, options.demoUsers);
  }

  addTenant(input: TenantInput): TenantCredentials {
    const tenantId = (input.tenantId ?? randomUUID()).toLowerCase();
    if (!GUID.test(tenantId)) throw new TypeError(`tenantId must be a GUID, got '${tenantId}'`);
    if (this.#tenants.has(tenantId)) throw new TypeError(`tenant ${tenantId} already exists`);
    const domains = input.domains.map((d) => d.toLowerCase());
    for (const domain of domains) {
      if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) throw new TypeError(`invalid domain '${domain}'`);
      if (this.#byDomain.has(domain)) throw new TypeError(`domain ${domain} belongs to another tenant`);
    }
    const directory = new TenantDirectory({
      tenantId,
      domains,
      displayName: input.displayName,
      replicationLag: this.replicationLag,
    });
    const inputs = input.apps?.length ? input.apps : [{}];
    const apps = inputs.map((app) => ({
      clientId: (app.clientId ?? randomUUID()).toLowerCase(),
      clientSecret: app.clientSecret ?? randomBytes(30).toString('base64url'),
    }));
    apps.forEach((app, i) => {
      directory.registerApp(app);
      const { permissions, directoryRoles, servicePrincipalId } = inputs[i]!;
      directory.grantApp(app.clientId, { permissions, directoryRoles, servicePrincipalId });
    });
    this.#tenants.set(tenantId, directory);
    for (const domain of directory.domains) this.#byDomain.set(domain, directory);
    if (input.seedUsers) seedGeneratedTenant(directory, input.seedUsers);
    const first = apps[0]!;
    return {
      tenantId,
      clientId: first.clientId,
      clientSecret: first.clientSecret,
      domain: domains[0]!,
      domains,
      apps,
    };
  }

  /** Uploads a certificate (PEM; only its public part is kept) to an app registration. */
  addAppCertificate(tenantId: string, clientId: string, certificatePem: string): void {
    this.#requireTenant(tenantId).addAppCertificate(clientId, certificatePem);
  }

  /** Adds a federated identity credential to an app (audience api://AzureADTokenExchange by default). */
  addFederatedCredential(
    tenantId: string,
    clientId: string,
    credential: Omit<FederatedCredential, 'audiences'> & { audiences?: string[] },
  ): void {
    this.#requireTenant(tenantId).addFederatedCredential(clientId, {
      issuer: credential.issuer,
      subject: credential.subject,
      audiences: credential.audiences ?? [TOKEN_EXCHANGE_AUDIENCE],
    });
  }

  /** A token as an external issuer (AKS, GitHub Actions) would write it to AZURE_FEDERATED_TOKEN_FILE. */
  mintFederatedToken(input: FederatedTokenInput): string {
    return this.federatedIssuer.mint(input);
  }

  #requireTenant(tenantId: string): TenantDirectory {
    const tenant = this.resolveTenant(tenantId);
    if (!tenant) throw new TypeError(`no tenant ${tenantId}`);
    return tenant;
  }

  /** A tenant addressed by GUID or by any of its verified domains, case-insensitively. */
  resolveTenant(idOrDomain: string): TenantDirectory | undefined {
    const key = idOrDomain.toLowerCase();
    return this.#tenants.get(key) ?? this.#byDomain.get(key);
  }

  /** Token POSTs (successful and failed) for one tenant, or in total. */
  tokenRequests(tenantId?: string): number {
    if (tenantId !== undefined) return this.#tokenRequests.get(tenantId.toLowerCase()) ?? 0;
    let total = 0;
    for (const n of this.#tokenRequests.values()) total += n;
    return total;
  }

  /** Counted under the tenant's GUID when it resolves, else under the name as sent. */
  recordTokenRequest(tenantKey: string): void {
    const key = tenantKey.toLowerCase();
    this.#tokenRequests.set(key, (this.#tokenRequests.get(key) ?? 0) + 1);
  }

  get graphRequests(): number {
    return this.#graphRequests;
  }

  recordGraphRequest(): void {
    this.#graphRequests += 1;
  }

  stats(): { tokenRequests: Record<string, number>; graphRequests: number } {
    return { tokenRequests: Object.fromEntries(this.#tokenRequests), graphRequests: this.#graphRequests };
  }

  /** A copy of a user's stored properties (active users only; one still replicating included). */
  getUser(tenantId: string, idOrUpn: string): UserProperties | undefined {
    const user = this.resolveTenant(tenantId)?.findUserIncludingUnreplicated(idOrUpn);
    return user ? structuredClone(user.props) : undefined;
  }

  /** Makes every token issued so far (for one tenant, or all) fail as expired on Graph. */
  expireTokens(tenantId?: string): void {
    const ids = tenantId === undefined ? [...this.#tenants.keys()] : [tenantId.toLowerCase()];
    for (const id of ids) this.#tokenGenerations.set(id, this.tokenGeneration(id) + 1);
  }

  tokenGeneration(tenantId: string): number {
    return this.#tokenGenerations.get(tenantId) ?? 0;
  }
}
