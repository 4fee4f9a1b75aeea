// Deterministic generated users: the same seed and count always give the same users
// (ids, names, UPNs, timestamps), and 100,000 of them build in well under a second or two.

import type { UserProperties } from '../directory/user-record.js';
import { DEPARTMENTS, GIVEN_NAMES, JOB_TITLES, LOCATIONS, SURNAMES } from './name-lists.js';
import { createPrng } from './prng.js';

export interface SeedUsersOptions {
  seed: number;
  /** The UPN domain (a verified domain of the tenant). */
  domain: string;
  /** The mail domain, when it differs from the UPN's (as in most real tenants). Default: `domain`. */
  mailDomain?: string;
  companyName: string;
  /** Lower-cased UPNs already present, so generated ones never collide with fixtures. */
  takenUpns?: ReadonlySet<string>;
}

// Fixed epoch so createdDateTime does not depend on the day the emulator runs.
const CREATED_EPOCH_MS = Date.UTC(2019, 0, 1);
const DAY_MS = 86_400_000;

export function generateUsers(count: number, options: SeedUsersOptions): UserProperties[] {
  const prng = createPrng(options.seed);
  const usedAliases = new Map<string, number>();
  const users: UserProperties[] = [];
  for (let i = 0; i < count; i += 1) {
    const givenName = prng.pick(GIVEN_NAMES);
    const surname = prng.pick(SURNAMES);
    const [city, state, country, usageLocation, phonePrefix] = prng.pick(LOCATIONS);
    const alias = uniqueAlias(`${givenName}.${surname}`.toLowerCase(), usedAliases, options);
    const upn = `${alias}@${options.domain}`;
    const mail = `${alias}@${options.mailDomain ?? options.domain}`;
    const user: UserProperties = {
      id: prng.guid(),
      accountEnabled: prng.next() >= 0.05,
      businessPhones: [`${phonePrefix} ${String(1000 + prng.int(9000))}`],
      city,
      companyName: options.companyName,
      country,
      createdDateTime: new Date(
        CREATED_EPOCH_MS + prng.int(5 * 365) * DAY_MS + prng.int(DAY_MS),
      ).toISOString(),
      department: prng.pick(DEPARTMENTS),
      displayName: `${givenName} ${surname}`,
      employeeId: `E${String(100000 + i).padStart(6, '0')}`,
      givenName,
      jobTitle: prng.pick(JOB_TITLES),
      mail,
      mailNickname: alias,
      officeLocation: `${city} ${1 + prng.int(40)}/${100 + prng.int(900)}`,
      preferredLanguage: 'en-US',
      proxyAddresses: mail === upn ? [`SMTP:${mail}`] : [`SMTP:${mail}`, `smtp:${upn}`],
      surname,
      usageLocation,
      userPrincipalName: upn,
      userType: 'Member',
    };
    if (state !== null) user['state'] = state;
    // A third of users have a mobile number, so null mobilePhone shows up in reads.
    if (prng.next() < 0.33) user['mobilePhone'] = `${phonePrefix} ${String(5000 + prng.int(5000))}`;
    users.push(user);
  }
  return users;
}

function uniqueAlias(base: string, used: Map<string, number>, options: SeedUsersOptions): string {
  let n = used.get(base) ?? 0;
  let alias = n === 0 ? base : `${base}${n + 1}`;
  while (options.takenUpns?.has(`${alias}@${options.domain}`.toLowerCase())) {
    n += 1;
    alias = `${base}${n + 1}`;
  }
  used.set(base, n + 1);
  return alias;
}
