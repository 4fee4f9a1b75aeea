// Adds the demo tenant's SKUs, groups, owners, memberships and license assignments after its users
// exist, then derives every affected user's assignedLicenses/assignedPlans and the seat counts.

import { refreshUserLicenses } from '../directory/license-assignment.js';
import type { TenantDirectory } from '../directory/tenant-directory.js';
import { DEMO_DIRECT_LICENSES, demoGroups } from './demo-groups.js';
import { demoSkus } from './demo-skus.js';

/** Seed time is fixed so assignedPlans dates are the same on every run. */
const SEEDED_AT = new Date('2020-03-02T10:00:00Z');

export function seedDemoGroupsAndLicenses(directory: TenantDirectory): void {
  for (const sku of demoSkus()) directory.licenses.addSku(sku);
  const groups = demoGroups();
  for (const group of groups) directory.groups.create(group.props, group.assignedLicenses ?? []);
  for (const group of groups) {
    const record = directory.groups.find(group.props.id)!;
    for (const member of group.members) directory.groups.addMember(record, member);
    for (const owner of group.owners ?? []) directory.groups.addOwner(record, owner);
    if (group.dynamicRule) {
      // Dynamic rules are evaluated once, at seed time; later user changes do not re-evaluate them.
      for (const user of directory.activeUsersAfter(0)) {
        if (group.dynamicRule(user.props)) directory.groups.addMember(record, user.props.id);
      }
    }
  }
  for (const { userId, licenses } of DEMO_DIRECT_LICENSES) {
    directory.licenses.setDirectAssignments(userId, licenses);
  }
  const licensed = new Set(DEMO_DIRECT_LICENSES.map((entry) => entry.userId));
  for (const group of groups) if (group.assignedLicenses) for (const m of group.members) licensed.add(m);
  for (const userId of licensed) {
    const user = directory.findUser(userId);
    if (user) refreshUserLicenses(directory, user, { now: SEEDED_AT, silent: true });
  }
}
