// The demo tenant's management chain, so the sandbox shows managers and direct reports: the
// first generated user heads it, every other generated user reports to one of the users before
// it (five reports each), and the apostrophe fixture reports to the second generated user. The
// break-glass admin and the guest have no manager. Links are seeded silently (no change-log
// entry), so the seeded users look unchanged to delta.

import type { TenantDirectory } from '../directory/tenant-directory.js';
import { FIXTURE_IDS } from './demo-tenant.js';

const REPORTS_PER_MANAGER = 5;

export function seedDemoOrgChart(directory: TenantDirectory): void {
  const fixtures = new Set<string>(Object.values(FIXTURE_IDS));
  const generated = [...directory.activeUsersAfter(0)].filter((user) => !fixtures.has(user.props.id));
  for (let i = 1; i < generated.length; i += 1) {
    const manager = generated[Math.floor((i - 1) / REPORTS_PER_MANAGER)]!;
    directory.orgChart.setManager(generated[i]!.props.id, manager.props.id);
  }
  const fixtureManager = generated[1] ?? generated[0];
  if (fixtureManager) directory.orgChart.setManager(FIXTURE_IDS.apostrophe, fixtureManager.props.id);
}
