// The demo tenant every emulator starts with: fixed ids and credentials (sandbox only, never
// real), two verified domains, and fixture users whose UPNs exercise Graph's addressing rules.

import type { UserProperties } from '../directory/user-record.js';

export const DEMO_TENANT = {
  tenantId: '6f1b0e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  clientId: '0f8d5a3e-7b6c-4d2e-9f1a-2b3c4d5e6f70',
  // A sandbox credential: printed by standalone.ts on purpose, accepted by no real tenant.
  clientSecret: 'emulator-demo-secret~Not.A.Real.Secret_01',
  domain: 'contoso.onmicrosoft.com',
  domains: ['contoso.onmicrosoft.com', 'contoso.com'],
  displayName: 'Contoso (emulator)',
  companyName: 'Contoso',
  /** PRNG seed of the generated demo users. */
  seed: 20240501,
} as const;

/** UPNs of the fixture users, for tests that exercise user addressing. */
export const FIXTURE_UPNS = {
  /** A guest: `#` must travel as `%23` in URLs. */
  guest: 'adele.vance_fabrikam.com#EXT#@contoso.onmicrosoft.com',
  /** An apostrophe: doubled (`''`) inside the `('...')` key form. */
  apostrophe: "o'brien@contoso.onmicrosoft.com",
  /** Starts with `$`: only reachable through the key form `/users('$admin@...')`. */
  dollar: '$admin@contoso.onmicrosoft.com',
} as const;

export const FIXTURE_IDS = {
  guest: 'a1d5e3f0-0001-4a1e-9000-00000000a001',
  apostrophe: 'a1d5e3f0-0002-4a1e-9000-00000000a002',
  dollar: 'a1d5e3f0-0003-4a1e-9000-00000000a003',
} as const;

const CREATED = '2020-03-02T09:15:00.000Z';

export function demoFixtureUsers(): UserProperties[] {
  return [
    {
      id: FIXTURE_IDS.guest,
      accountEnabled: true,
      businessPhones: [],
      createdDateTime: CREATED,
      creationType: 'Invitation',
      displayName: 'Adele Vance (Fabrikam)',
      externalUserState: 'Accepted',
      givenName: 'Adele',
      mail: 'adele.vance@fabrikam.com',
      mailNickname: 'adele.vance_fabrikam.com#EXT#',
      otherMails: ['adele.vance@fabrikam.com'],
      proxyAddresses: ['SMTP:adele.vance@fabrikam.com'],
      surname: 'Vance',
      userPrincipalName: FIXTURE_UPNS.guest,
      userType: 'Guest',
    },
    {
      id: FIXTURE_IDS.apostrophe,
      accountEnabled: true,
      businessPhones: ['+353 1 555 0142'],
      city: 'Dublin',
      country: 'Ireland',
      createdDateTime: CREATED,
      department: 'Sales',
      displayName: "Sean O'Brien",
      givenName: 'Sean',
      jobTitle: 'Account Manager',
      mail: FIXTURE_UPNS.apostrophe,
      mailNickname: 'obrien',
      proxyAddresses: [`SMTP:${FIXTURE_UPNS.apostrophe}`],
      surname: "O'Brien",
      usageLocation: 'IE',
      userPrincipalName: FIXTURE_UPNS.apostrophe,
      userType: 'Member',
    },
    {
      id: FIXTURE_IDS.dollar,
      accountEnabled: true,
      businessPhones: [],
      createdDateTime: CREATED,
      department: 'IT',
      displayName: 'Break-glass Admin',
      jobTitle: 'Administrator',
      mailNickname: 'admin',
      usageLocation: 'US',
      userPrincipalName: FIXTURE_UPNS.dollar,
      userType: 'Member',
    },
  ];
}
