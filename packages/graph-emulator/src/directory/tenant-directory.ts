// One tenant's directory: verified domains, app registrations, users (active and soft-deleted)
// and the change log. Callers validate; this class keeps the indexes and the log consistent.
// Groups with their memberships, and subscribed SKUs with direct license assignments, live
// beside the users (groups.ts, licenses.ts), so another tenant never sees them.

import { type AppGrants, type AppGrantsInput, toAppGrants } from './app-grants.js';
import {
  type AppCredentialsInput,
  type AppRegistration,
  type FederatedCredential,
  newRegistration,
  registeredCertificate,
} from './app-registration.js';
import { type ChangeKind, ChangeLog } from './change-log.js';
import { TenantGroups } from './groups.js';
import { TenantLicenses } from './licenses.js';
import { OrderedUsers } from './ordered-users.js';
import { OrgChart } from './org-chart.js';
import { PendingReplication, ReplicationLag } from './replication-lag.js';
import type { UserProperties, UserRecord } from './user-record.js';

export interface TenantDirectoryInit {
  tenantId: string;
  /** Verified domains; the first is the initial `*.onmicrosoft.com` domain. */
  domains: readonly string[];
  displayName?: string;
  /** The emulator-wide replication lag setting (off when absent). */
  replicationLag?: ReplicationLag;
}

export class TenantDirectory {
  readonly tenantId: string;
  readonly displayName: string;
  readonly domains: readonly string[];
  readonly changeLog = new ChangeLog();
  /** New users and groups that reads other than their create's answer do not see yet. */
  readonly replication: PendingReplication;
  readonly groups: TenantGroups;
  readonly licenses = new TenantLicenses();
  readonly orgChart = new OrgChart();
  readonly #apps = new Map<string, AppRegistration>();
  /** Per client id: what the app's service principal was granted (permissions, directory roles). */
  readonly #grants = new Map<string, AppGrants>();
  readonly #users = new Map<string, UserRecord>();
  readonly #deleted = new Map<string, UserRecord>();
  /** Lower-cased UPN -> id, for active and soft-deleted users: a UPN stays taken until purged. */
  readonly #upnIndex = new Map<string, string>();
  readonly #ordered = new OrderedUsers();
  #nextOrdinal = 1;

  constructor(init: TenantDirectoryInit) {
    if (init.domains.length === 0) throw new TypeError('a tenant needs at least one verified domain');
    this.tenantId = init.tenantId.toLowerCase();
    this.domains = init.domains.map((d) => d.toLowerCase());
    this.displayName = init.displayName ?? this.domains[0]!;
    this.replication = new PendingReplication(init.replicationLag ?? new ReplicationLag());
    this.groups = new TenantGroups(this.replication);
  }

  isVerifiedDomain(domain: string): boolean {
    return this.domains.includes(domain.toLowerCase());
  }

  registerApp(input: AppCredentialsInput): AppRegistration {
    const existing = this.#apps.get(input.clientId.toLowerCase());
    const app = newRegistration(input, existing);
    this.#apps.set(app.clientId, app);
    return app;
  }

  /** Uploads a certificate (PEM, public part) to an app: assertions signed with its key are accepted. */
  addAppCertificate(clientId: string, certificatePem: string): void {
    const app = this.#requireApp(clientId);
    this.#apps.set(app.clientId, {
      ...app,
      certificates: [...app.certificates, registeredCertificate(certificatePem)],
    });
  }

  addFederatedCredential(clientId: string, credential: FederatedCredential): void {
    const app = this.#requireApp(clientId);
    this.#apps.set(app.clientId, { ...app, federatedCredentials: [...app.federatedCredentials, credential] });
  }

  #requireApp(clientId: string): AppRegistration {
    const app = this.#apps.get(clientId.toLowerCase());
    if (!app) throw new TypeError(`no app ${clientId} in tenant ${this.tenantId}`);
    return app;
  }

  findApp(clientId: string): AppRegistration | undefined {
    return this.#apps.get(clientId.toLowerCase());
  }

  /** Replaces what the app was granted; the tokens it gets from now on carry the new `roles`. */
  grantApp(clientId: string, input?: AppGrantsInput): AppGrants {
    const key = clientId.toLowerCase();
    const previous = this.#grants.get(key);
    const grants = toAppGrants({
      ...input,
      servicePrincipalId: input?.servicePrincipalId ?? previous?.servicePrincipalId,
    });
    this.#grants.set(key, grants);
    return grants;
  }

  /** What the app was granted (the defaults for an app registered without grants). */
  grantsOf(clientId: string): AppGrants {
    return this.#grants.get(clientId.toLowerCase()) ?? this.grantApp(clientId);
  }

  /** Every service principal's tenant-wide directory role assignments. */
  directoryRoleAssignments(): { principalId: string; roleDefinitionId: string }[] {
    return [...this.#grants.values()].flatMap((grants) =>
      grants.directoryRoles.map((roleDefinitionId) => ({
        principalId: grants.servicePrincipalId,
        roleDefinitionId,
      })),
    );
  }

  get userCount(): number {
    return this.#users.size;
  }

  /** An active user by object id or UPN (case-insensitive), as a read sees it (replication lag). */
  findUser(idOrUpn: string): UserRecord | undefined {
    const user = this.findUserIncludingUnreplicated(idOrUpn);
    return user && this.replication.hides(user.props.id) ? undefined : user;
  }

  /** Like findUser, but also a new user that has not reached the other replicas yet. */
  findUserIncludingUnreplicated(idOrUpn: string): UserRecord | undefined {
    const key = idOrUpn.toLowerCase();
    const byId = this.#users.get(key);
    if (byId) return byId;
    const id = this.#upnIndex.get(key);
    return id === undefined ? undefined : this.#users.get(id);
  }

  findDeletedUser(id: string): UserRecord | undefined {
    return this.#deleted.get(id.toLowerCase());
  }

  /** Whether a UPN is held by another active or soft-deleted user. */
  isUpnTaken(upn: string, exceptUserId?: string): boolean {
    const holder = this.#upnIndex.get(upn.toLowerCase());
    return holder !== undefined && holder !== exceptUserId;
  }

  createUser(props: UserProperties): UserRecord {
    // The directory takes ownership of `props` (no copy: seeding 100,000 users must stay cheap).
    const id = props.id.toLowerCase();
    if (this.#users.has(id) || this.#deleted.has(id)) throw new Error(`duplicate user id ${id}`);
    if (this.isUpnTaken(props.userPrincipalName)) throw new Error('duplicate userPrincipalName');
    props.id = id;
    const record: UserRecord = { props, ordinal: this.#nextOrdinal++ };
    this.#users.set(id, record);
    this.#upnIndex.set(props.userPrincipalName.toLowerCase(), id);
    this.#ordered.insert(record);
    this.#log(id, 'created', Object.keys(record.props));
    return record;
  }

  /** Applies already-validated changes; `null` removes a property (Graph projects it as null). */
  updateUser(record: UserRecord, changes: Readonly<Record<string, unknown>>): void {
    const names = Object.keys(changes);
    if (names.length === 0) return;
    const newUpn = changes['userPrincipalName'];
    if (typeof newUpn === 'string' && newUpn.toLowerCase() !== record.props.userPrincipalName.toLowerCase()) {
      if (this.isUpnTaken(newUpn, record.props.id)) throw new Error('duplicate userPrincipalName');
      this.#upnIndex.delete(record.props.userPrincipalName.toLowerCase());
      this.#upnIndex.set(newUpn.toLowerCase(), record.props.id);
    }
    for (const name of names) {
      const value = changes[name];
      if (value === null || value === undefined) delete record.props[name];
      else record.props[name] = value;
    }
    this.#log(record.props.id, 'updated', names);
  }

  softDeleteUser(record: UserRecord): void {
    this.#users.delete(record.props.id);
    this.#ordered.remove(record);
    record.deletedDateTime = new Date().toISOString();
    this.#deleted.set(record.props.id, record);
    this.#log(record.props.id, 'softDeleted', []);
  }

  restoreUser(record: UserRecord): void {
    this.#deleted.delete(record.props.id);
    delete record.deletedDateTime;
    this.#users.set(record.props.id, record);
    this.#ordered.insert(record);
    this.#log(record.props.id, 'restored', []);
  }

  purgeUser(record: UserRecord): void {
    this.#deleted.delete(record.props.id);
    this.#upnIndex.delete(record.props.userPrincipalName.toLowerCase());
    for (const reportId of this.orgChart.reportsOf(record.props.id))
      this.#log(reportId, 'updated', ['manager']);
    this.orgChart.forget(record.props.id);
    this.#log(record.props.id, 'hardDeleted', []);
  }

  /** The user's manager while both are active (a deleted manager hides the link until restored). */
  activeManagerOf(record: UserRecord): UserRecord | undefined {
    const managerId = this.orgChart.managerOf(record.props.id);
    return managerId === undefined ? undefined : this.#users.get(managerId);
  }

  /** The user's direct reports that are active, in the order they were assigned. */
  activeReportsOf(record: UserRecord): UserRecord[] {
    return this.orgChart.reportsOf(record.props.id).flatMap((id) => this.#users.get(id) ?? []);
  }

  /** Sets (or, with `undefined`, removes) a user's manager and logs it as a change of `manager`. */
  setManager(record: UserRecord, managerId: string | undefined): void {
    if (managerId === undefined) this.orgChart.removeManager(record.props.id);
    else this.orgChart.setManager(record.props.id, managerId);
    this.#log(record.props.id, 'updated', ['manager']);
  }

  /** Active users after a creation ordinal, in creation order, as a read sees them (replication lag). */
  activeUsersAfter(afterOrdinal: number): Iterable<UserRecord> {
    const users = this.#ordered.after(afterOrdinal);
    return this.replication.stamp() === '' ? users : this.#replicated(users);
  }

  /** Like activeUsersAfter, but also new users that have not reached the other replicas yet. */
  activeUsersIncludingUnreplicatedAfter(afterOrdinal: number): Iterable<UserRecord> {
    return this.#ordered.after(afterOrdinal);
  }

  *#replicated(users: Iterable<UserRecord>): Generator<UserRecord> {
    for (const user of users) if (!this.replication.hides(user.props.id)) yield user;
  }

  /** Soft-deleted users in creation order (small set; sorting on read is fine). */
  deletedUsers(): UserRecord[] {
    return [...this.#deleted.values()].sort((a, b) => a.ordinal - b.ordinal);
  }

  #log(userId: string, kind: ChangeKind, changed: readonly string[]): void {
    this.changeLog.record(userId, kind, changed);
  }
}
