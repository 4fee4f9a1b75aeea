import { describe, expect, it } from 'vitest';
import { buildEmulator } from '../../src/emulator-app.js';
import { FIXTURE_UPNS } from '../../src/seed/demo-tenant.js';
import { createPrng } from '../../src/seed/prng.js';
import { generateUsers } from '../../src/seed/seed-users.js';

const OPTIONS = { seed: 42, domain: 'contoso.onmicrosoft.com', companyName: 'Contoso' };

describe('seed data', () => {
  it('the PRNG is deterministic per seed and differs across seeds', () => {
    const a = createPrng(7);
    const b = createPrng(7);
    const c = createPrng(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(createPrng(1).guid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('the same size gives the same users', () => {
    expect(generateUsers(500, OPTIONS)).toEqual(generateUsers(500, OPTIONS));
  });

  it('two emulator builds hold identical demo users', async () => {
    const one = await buildEmulator({ seedUsers: 200 });
    const two = await buildEmulator({ seedUsers: 200 });
    const users = (state: typeof one.state) =>
      [...state.resolveTenant(state.demo.tenantId)!.activeUsersAfter(0)].map((u) => u.props);
    expect(users(one.state)).toEqual(users(two.state));
    expect(users(one.state)).toHaveLength(200);
    for (const upn of Object.values(FIXTURE_UPNS))
      expect(one.state.getUser(one.state.demo.tenantId, upn)).toBeDefined();
    await Promise.all([one.app.close(), two.app.close()]);
  });

  it('generated users are realistic and unique', () => {
    const users = generateUsers(5000, OPTIONS);
    expect(new Set(users.map((u) => u.id)).size).toBe(5000);
    expect(new Set(users.map((u) => u.userPrincipalName.toLowerCase())).size).toBe(5000);
    for (const user of users.slice(0, 50)) {
      expect(user.mail).toBe(user.userPrincipalName);
      expect(user['usageLocation']).toMatch(/^[A-Z]{2}$/);
      expect(String(user['employeeId']).length).toBeLessThanOrEqual(16);
      expect(user['displayName']).toBe(`${user['givenName']} ${user['surname']}`);
      expect(user.userPrincipalName).toMatch(/^[a-z0-9.]+@contoso\.onmicrosoft\.com$/);
    }
  });

  it('builds a 100,000-user tenant and serves it', async () => {
    const { app, state } = await buildEmulator({ seedUsers: 100_000 });
    const tenant = state.resolveTenant(state.demo.tenantId)!;
    expect(tenant.userCount).toBe(100_000);
    const last = [...tenant.activeUsersAfter(99_990)];
    expect(last).toHaveLength(10);
    expect(state.getUser(state.demo.tenantId, last[0]!.props.userPrincipalName)?.id).toBe(last[0]!.props.id);
    await app.close();
  });
});
