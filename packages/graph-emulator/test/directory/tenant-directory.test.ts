import { describe, expect, it } from 'vitest';
import { TenantDirectory } from '../../src/directory/tenant-directory.js';

function directory() {
  return new TenantDirectory({
    tenantId: 'AAAAAAAA-0000-4000-8000-000000000000',
    domains: ['Example.onmicrosoft.com'],
  });
}

function user(n: number) {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    userPrincipalName: `u${n}@example.onmicrosoft.com`,
  };
}

describe('TenantDirectory', () => {
  it('lower-cases ids and domains', () => {
    const dir = directory();
    expect(dir.tenantId).toBe('aaaaaaaa-0000-4000-8000-000000000000');
    expect(dir.isVerifiedDomain('EXAMPLE.onmicrosoft.com')).toBe(true);
  });

  it('keeps creation order across delete and restore', () => {
    const dir = directory();
    const records = [1, 2, 3, 4].map((n) => dir.createUser(user(n)));
    dir.softDeleteUser(records[1]!);
    expect([...dir.activeUsersAfter(0)].map((u) => u.ordinal)).toEqual([1, 3, 4]);
    dir.restoreUser(records[1]!);
    expect([...dir.activeUsersAfter(0)].map((u) => u.ordinal)).toEqual([1, 2, 3, 4]);
    expect([...dir.activeUsersAfter(2)].map((u) => u.ordinal)).toEqual([3, 4]);
  });

  it('holds a soft-deleted UPN until purge', () => {
    const dir = directory();
    const record = dir.createUser(user(1));
    dir.softDeleteUser(record);
    expect(dir.findUser(record.props.userPrincipalName)).toBeUndefined();
    expect(dir.isUpnTaken('U1@EXAMPLE.onmicrosoft.com')).toBe(true);
    dir.purgeUser(record);
    expect(dir.isUpnTaken('u1@example.onmicrosoft.com')).toBe(false);
  });

  it('re-indexes a changed UPN and logs the change', () => {
    const dir = directory();
    const record = dir.createUser(user(1));
    dir.updateUser(record, { userPrincipalName: 'renamed@example.onmicrosoft.com', city: null });
    expect(dir.findUser('renamed@example.onmicrosoft.com')).toBe(record);
    expect(dir.findUser('u1@example.onmicrosoft.com')).toBeUndefined();
    expect(dir.changeLog.since(1)).toEqual([
      expect.objectContaining({ seq: 2, kind: 'updated', changedProperties: ['userPrincipalName', 'city'] }),
    ]);
  });
});
