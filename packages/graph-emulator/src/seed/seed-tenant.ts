// Fills a tenant directory with seed users: the demo tenant gets its fixture users first,
// any other tenant gets generated users seeded from its tenant id.

import type { TenantDirectory } from '../directory/tenant-directory.js';
import { seedDemoOrgChart } from './demo-org-chart.js';
import { DEMO_TENANT, demoFixtureUsers } from './demo-tenant.js';
import { seedFromString } from './prng.js';
import { seedDemoGroupsAndLicenses } from './seed-groups-licenses.js';
import { generateUsers } from './seed-users.js';

/** `total` counts the fixture users too (never fewer than the fixtures). */
export function seedDemoTenant(directory: TenantDirectory, total: number): void {
  const fixtures = demoFixtureUsers();
  for (const user of fixtures) directory.createUser(user);
  const taken = new Set(fixtures.map((u) => u.userPrincipalName.toLowerCase()));
  const generated = generateUsers(Math.max(0, total - fixtures.length), {
    seed: DEMO_TENANT.seed,
    domain: DEMO_TENANT.domain,
    // Mail on the vanity domain, sign-in on the initial one: the usual shape of a real tenant.
    mailDomain: DEMO_TENANT.domains[1],
    companyName: DEMO_TENANT.companyName,
    takenUpns: taken,
  });
  for (const user of generated) directory.createUser(user);
  seedDemoGroupsAndLicenses(directory);
  seedDemoOrgChart(directory);
}

export function seedGeneratedTenant(directory: TenantDirectory, count: number): void {
  const users = generateUsers(count, {
    seed: seedFromString(directory.tenantId),
    domain: directory.domains[0]!,
    companyName: directory.displayName,
  });
  for (const user of users) directory.createUser(user);
}
