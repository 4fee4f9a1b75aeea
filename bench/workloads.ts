/**
 * The three calls every target answers, with the same route and body everywhere: read-user
 * (rotating over real UPNs of the bench tenant), create-user (a unique UPN on every request) and
 * query-users (`$select` + `$top=100`: 100 users per answer).
 */
import type { BenchTenant } from './emulator-client.js';

export type WorkloadName = 'read-user' | 'create-user' | 'query-users';
export const WORKLOAD_NAMES: readonly WorkloadName[] = ['read-user', 'create-user', 'query-users'];

export interface Workload {
  name: WorkloadName;
  path: string;
  /** The JSON body of the next request. */
  nextBody(): string;
}

export const QUERY_USERS_QUERY = '$select=id,displayName,mail,userPrincipalName&$top=100';

export function readUser(upns: readonly string[]): Workload {
  if (upns.length === 0) throw new Error('read-user needs at least one UPN');
  const bodies = upns.map((userId) => JSON.stringify({ userId }));
  let next = 0;
  return {
    name: 'read-user',
    path: '/capabilities/read-user',
    nextBody: () => bodies[next++ % bodies.length]!,
  };
}

/** `label` keeps UPNs unique across targets and runs sharing one tenant. */
export function createUser(tenant: BenchTenant, label: string): Workload {
  let next = 0;
  return {
    name: 'create-user',
    path: '/capabilities/create-user',
    nextBody: () => {
      next += 1;
      const alias = `bench-${label}-${next}`;
      return JSON.stringify({
        createUserAccountEnabled: true,
        createUserDisplayName: `Bench User ${label} ${next}`,
        createUserMailNickname: alias,
        createUserPrincipalName: `${alias}@${tenant.domain}`,
        createUserPassword: 'Correct-Horse-9-Battery',
        forceChangePasswordNextSignIn: true,
      });
    },
  };
}

export function queryUsers(): Workload {
  const body = JSON.stringify({ userQuery: QUERY_USERS_QUERY });
  return { name: 'query-users', path: '/capabilities/query-users', nextBody: () => body };
}

/** read-user with body credentials, cycling over tenants (the multi-tenant run). */
export function readUserAcrossTenants(tenants: readonly { tenant: BenchTenant; upn: string }[]): Workload {
  const bodies = tenants.map(({ tenant, upn }) =>
    JSON.stringify({
      userId: upn,
      tenantId: tenant.tenantId,
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
    }),
  );
  let next = 0;
  return {
    name: 'read-user',
    path: '/capabilities/read-user',
    nextBody: () => bodies[next++ % bodies.length]!,
  };
}
