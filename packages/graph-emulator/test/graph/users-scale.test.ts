// A 100,000-user tenant over real HTTP: full paging without loss or repetition, a filtered and
// a sorted list, and delta rounds. Latencies are printed for the report, never asserted.

import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphCall, type Harness, startHarness, tokenFor } from '../emulator-harness.js';
import { deltaRound } from './delta-helpers.js';

const USERS = 100_000;
const EVENTUAL = { consistencylevel: 'eventual' };
/**
 * Fixed tenant ids: the generated users are seeded from the tenant id, so every run builds the
 * same 100,000 users and a failure replays exactly (a random id gave different data each run).
 * The tenant the read tests check is never written; the delta test, which changes users, has its
 * own, so no test's expectations depend on another test's writes or on how long it ran.
 */
const READ_TENANT = { tenantId: '5ca1ab1e-0000-4000-8000-000000100000', domains: ['big.example.com'] };
const DELTA_TENANT = { tenantId: '5ca1ab1e-0000-4000-8000-000000100001', domains: ['big-delta.example.com'] };
let h: Harness;
let token: string;
let deltaToken: string;

beforeAll(async () => {
  h = await startHarness({ seedUsers: 10 });
  token = await tokenFor(h.emulator.origin, h.emulator.state.addTenant({ ...READ_TENANT, seedUsers: USERS }));
  deltaToken = await tokenFor(
    h.emulator.origin,
    h.emulator.state.addTenant({ ...DELTA_TENANT, seedUsers: USERS }),
  );
}, 120_000);
afterAll(() => h.emulator.close());

const url = (path: string) => `${h.emulator.origin}${path}`;

async function timed(path: string, headers?: Record<string, string>, bearer = token) {
  const started = performance.now();
  const res = await graphCall('', bearer, path.startsWith('http') ? path : url(path), { headers });
  const ms = performance.now() - started;
  expect(res.status, res.text).toBe(200);
  return { res, ms };
}

function report(label: string, ms: number) {
  console.log(`[100k] ${label}: ${ms.toFixed(1)} ms`);
}

describe(`a ${USERS}-user tenant`, () => {
  it('pages through every user exactly once with $top=999', async () => {
    const seen = new Set<string>();
    let next: string | undefined = url('/v1.0/users?$select=id&$top=999');
    let pages = 0;
    while (next) {
      const { res } = await timed(next);
      for (const user of res.json.value) seen.add(user.id);
      pages += 1;
      next = res.json['@odata.nextLink'];
    }
    expect(seen.size).toBe(USERS);
    expect(pages).toBe(Math.ceil(USERS / 999));
  }, 120_000);

  it('serves filtered and sorted pages (latency printed)', async () => {
    const tenant = h.emulator.state.resolveTenant(READ_TENANT.tenantId)!;
    const expected = [...tenant.activeUsersAfter(0)].filter(
      (u) => u.props['department'] === 'Sales' && u.props['accountEnabled'] === false,
    ).length;
    const filtered =
      "/v1.0/users?$filter=department eq 'Sales' and accountEnabled eq false&$select=id,displayName";
    const first = await timed(filtered);
    report('filtered list, page 1 (eq + and)', first.ms);
    const second = await timed(first.res.json['@odata.nextLink']);
    report('filtered list, page 2', second.ms);

    const counted = await timed(`${filtered}&$count=true`, EVENTUAL);
    expect(counted.res.json['@odata.count']).toBe(expected);
    report('filtered list with $count, page 1 (full scan)', counted.ms);

    const endsWith = await timed(
      "/v1.0/users?$filter=endswith(mail,'7@big.example.com')&$count=true&$select=id",
      EVENTUAL,
    );
    report('endswith filter with $count, page 1', endsWith.ms);

    const sorted = await timed('/v1.0/users?$orderby=displayName&$select=id,displayName');
    report('$orderby=displayName, page 1 (sorts 100k)', sorted.ms);
    const sortedNext = await timed(sorted.res.json['@odata.nextLink']);
    report('$orderby=displayName, page 2 (cached sort)', sortedNext.ms);
    const names = [...sorted.res.json.value, ...sortedNext.res.json.value].map((u: { displayName: string }) =>
      u.displayName.toLowerCase(),
    );
    expect(names).toEqual([...names].sort());

    const search = await timed('/v1.0/users?$search="displayName:ann"&$count=true&$select=id', EVENTUAL);
    report('$search displayName, page 1', search.ms);
  }, 60_000);

  it('runs a full delta round and a change round (latency printed)', async () => {
    const first = await timed('/v1.0/users/delta', undefined, deltaToken);
    report('delta initial round, page 1', first.ms);
    const started = performance.now();
    const round = await deltaRound(deltaToken, first.res.json['@odata.nextLink']);
    const total = performance.now() - started;
    expect(round.items.length + first.res.json.value.length).toBe(USERS);
    report(`delta initial round, ${round.pages.length + 1} pages total`, total);
    report('delta initial round, mean per page', total / round.pages.length);

    const tenant = h.emulator.state.resolveTenant(DELTA_TENANT.tenantId)!;
    const targets = [...tenant.activeUsersAfter(0)].filter((_, i) => i % 100 === 0).map((u) => u.props.id);
    for (const id of targets) tenant.updateUser(tenant.findUser(id)!, { jobTitle: 'Changed' });
    const changeStart = performance.now();
    const changes = await deltaRound(deltaToken, round.deltaLink);
    const changeMs = performance.now() - changeStart;
    expect(changes.items.length).toBe(targets.length);
    report(`delta change round (${targets.length} changes, ${changes.pages.length} pages)`, changeMs);
  }, 120_000);
});
