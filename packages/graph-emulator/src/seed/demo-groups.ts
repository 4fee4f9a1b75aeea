// The demo tenant's groups: one of each kind Graph tells apart, with direct and nested
// memberships of the fixture users and a group that hands out a license. Fixed ids, so tests
// and callers can address them.

import type { GroupProperties, LicenseAssignment } from '../directory/group-record.js';
import type { UserProperties } from '../directory/user-record.js';
import { DEMO_SKU_IDS } from './demo-skus.js';
import { FIXTURE_IDS } from './demo-tenant.js';

export const DEMO_GROUP_IDS = {
  /** Security group; parent of `engineering` (nested membership). */
  allStaff: 'b2c7e1a0-0001-4b2c-9000-00000000b001',
  /** Security group, member of `allStaff`; the dollar fixture user is a member. */
  engineering: 'b2c7e1a0-0002-4b2c-9000-00000000b002',
  /** Microsoft 365 group (groupTypes Unified, mail-enabled, not security-enabled). */
  salesTeam: 'b2c7e1a0-0003-4b2c-9000-00000000b003',
  /** Mail-enabled security group: Exchange-mastered, membership read-only in Graph. */
  financeApprovers: 'b2c7e1a0-0004-4b2c-9000-00000000b004',
  /** Distribution list: Exchange-mastered, not security-enabled. */
  announcements: 'b2c7e1a0-0005-4b2c-9000-00000000b005',
  /** Dynamic security group: members follow `membershipRule` (department Sales). */
  dynamicSales: 'b2c7e1a0-0006-4b2c-9000-00000000b006',
  /** Security group synced from on-premises AD: read-only in Graph. */
  onPremHr: 'b2c7e1a0-0007-4b2c-9000-00000000b007',
  /** Security group with group-based licensing (EMS E3) for its direct members. */
  emsLicensed: 'b2c7e1a0-0008-4b2c-9000-00000000b008',
  /** Empty security group without owners, free for tests to add members and owners to. */
  projectFalcon: 'b2c7e1a0-0009-4b2c-9000-00000000b009',
} as const;

export interface DemoGroup {
  props: GroupProperties;
  members: string[];
  /** User ids of the owners. */
  owners?: string[];
  assignedLicenses?: LicenseAssignment[];
  /** For dynamic groups: the membershipRule as a predicate over users. */
  dynamicRule?: (user: UserProperties) => boolean;
}

const CREATED = '2020-03-02T09:30:00Z';

export function demoGroups(): DemoGroup[] {
  return [
    {
      props: security(DEMO_GROUP_IDS.allStaff, 'All Staff', 'allstaff'),
      members: [DEMO_GROUP_IDS.engineering],
      owners: [FIXTURE_IDS.dollar],
    },
    {
      props: security(DEMO_GROUP_IDS.engineering, 'Engineering', 'engineering'),
      members: [FIXTURE_IDS.dollar],
      owners: [FIXTURE_IDS.dollar],
    },
    {
      props: {
        ...base(DEMO_GROUP_IDS.salesTeam, 'Sales Team', 'salesteam'),
        groupTypes: ['Unified'],
        mailEnabled: true,
        securityEnabled: false,
        mail: 'salesteam@contoso.onmicrosoft.com',
        proxyAddresses: ['SMTP:salesteam@contoso.onmicrosoft.com'],
        visibility: 'Private',
      },
      members: [FIXTURE_IDS.apostrophe],
      // Two owners: one can be removed, then the last one cannot.
      owners: [FIXTURE_IDS.apostrophe, FIXTURE_IDS.dollar],
    },
    {
      props: mailEnabled(DEMO_GROUP_IDS.financeApprovers, 'Finance Approvers', 'financeapprovers', true),
      members: [FIXTURE_IDS.apostrophe],
    },
    {
      props: mailEnabled(DEMO_GROUP_IDS.announcements, 'Contoso Announcements', 'announcements', false),
      members: [FIXTURE_IDS.apostrophe, FIXTURE_IDS.dollar],
    },
    {
      props: {
        ...security(DEMO_GROUP_IDS.dynamicSales, 'Dynamic: Sales department', 'dynamicsales'),
        groupTypes: ['DynamicMembership'],
        membershipRule: '(user.department -eq "Sales")',
        membershipRuleProcessingState: 'On',
      },
      members: [],
      owners: [FIXTURE_IDS.dollar],
      dynamicRule: (user) => user['department'] === 'Sales',
    },
    {
      props: {
        ...security(DEMO_GROUP_IDS.onPremHr, 'HR (synced)', 'hr'),
        onPremisesSyncEnabled: true,
        onPremisesLastSyncDateTime: '2024-04-30T22:00:00Z',
        onPremisesSamAccountName: 'HR',
        onPremisesDomainName: 'corp.contoso.com',
      },
      members: [],
    },
    {
      props: security(DEMO_GROUP_IDS.emsLicensed, 'Licensed: EMS E3', 'licensed-ems'),
      members: [FIXTURE_IDS.dollar],
      owners: [FIXTURE_IDS.dollar],
      assignedLicenses: [{ skuId: DEMO_SKU_IDS.emsE3, disabledPlans: [] }],
    },
    {
      props: security(DEMO_GROUP_IDS.projectFalcon, 'Project Falcon', 'projectfalcon'),
      members: [],
    },
  ];
}

/** Direct licenses of the fixture users: the dollar admin holds E3 and one Power BI Pro seat. */
export const DEMO_DIRECT_LICENSES: ReadonlyArray<{ userId: string; licenses: LicenseAssignment[] }> = [
  {
    userId: FIXTURE_IDS.dollar,
    licenses: [
      { skuId: DEMO_SKU_IDS.officeE3, disabledPlans: [] },
      { skuId: DEMO_SKU_IDS.powerBiPro, disabledPlans: [] },
    ],
  },
];

function base(id: string, displayName: string, mailNickname: string): GroupProperties {
  return {
    id,
    displayName,
    mailNickname,
    description: null,
    createdDateTime: CREATED,
    groupTypes: [],
    securityEnabled: true,
    mailEnabled: false,
    mail: null,
    proxyAddresses: [],
    visibility: null,
  };
}

function security(id: string, displayName: string, mailNickname: string): GroupProperties {
  return base(id, displayName, mailNickname);
}

function mailEnabled(
  id: string,
  displayName: string,
  alias: string,
  securityEnabled: boolean,
): GroupProperties {
  const mail = `${alias}@contoso.onmicrosoft.com`;
  return {
    ...base(id, displayName, alias),
    mailEnabled: true,
    securityEnabled,
    mail,
    proxyAddresses: [`SMTP:${mail}`],
  };
}
