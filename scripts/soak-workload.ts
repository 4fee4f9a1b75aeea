/**
 * The soak's call mix: which capability the n-th call uses and with what body. Deterministic
 * (the n-th call is always the same), so two runs put the same load on the service.
 */

export interface SoakCall {
  capability: string;
  body: Record<string, unknown>;
  /** A create whose principal name is unique to this call (for the duplicate check). */
  createdUpn?: string;
  /**
   * An owner change on a group of its own (made before the run, see soakOwnerGroupId), so any
   * outcome but one change is a duplicated or lost effect. `remove` groups start with the user and
   * the manager as owners, so the user is never the last owner.
   */
  ownership?: { kind: 'add' | 'remove'; groupId: string; userId: string };
}

export interface SoakTargets {
  /** Existing users' principal names and ids (read, update, groups). */
  users: Array<{ id: string; userPrincipalName: string }>;
  domain: string;
  runId: string;
  /** The manager every set-user-manager call assigns: a user outside `users` with no manager, so no loop can form. */
  managerId: string;
}

/** Shares of the mix, in tenths of a percent: reads dominate, as in real directory traffic. */
const MIX: Array<[number, (n: number, t: SoakTargets) => SoakCall]> = [
  [350, (n, t) => ({ capability: 'read-user', body: { userId: pick(t, n).userPrincipalName } })],
  [
    200,
    (n) => ({
      capability: 'query-users',
      body: { userQuery: n % 2 ? '$top=5' : "$filter=startswith(displayName,'A')&$top=10" },
    }),
  ],
  [
    100,
    (n, t) => ({
      capability: 'list-users-groups',
      body: { userId: pick(t, n).id, securityEnabledOnly: n % 2 === 0 },
    }),
  ],
  [
    100,
    (n, t) => ({ capability: 'update-user', body: { userId: pick(t, n).id, department: `Soak ${n % 7}` } }),
  ],
  [150, (n, t) => create(n, t)],
  [
    30,
    (n, t) => ({ capability: 'set-user-manager', body: { userId: pick(t, n).id, managerId: t.managerId } }),
  ],
  [20, (n, t) => ({ capability: 'revoke-user-sessions', body: { userId: pick(t, n).userPrincipalName } })],
  [40, (n, t) => ownerChange(n, t, 'add')],
  [40, (n, t) => ownerChange(n, t, 'remove')],
  [
    100,
    (n) => ({
      capability: 'make-a-custom-api-call',
      body: {
        endpoint: n % 2 ? '/subscribedSkus' : '/users',
        method: 'GET',
        customQueryParams: n % 2 ? [] : [{ key: '$top', value: '3' }],
      },
    }),
  ],
];
const TOTAL = MIX.reduce((sum, [share]) => sum + share, 0);

export function soakCall(n: number, targets: SoakTargets): SoakCall {
  // Spread each kind evenly over the run rather than in blocks (n * a prime, modulo the total).
  let slot = (n * 7919) % TOTAL;
  for (const [share, make] of MIX) {
    if (slot < share) return make(n, targets);
    slot -= share;
  }
  return MIX[0]![1](n, targets);
}

function pick(targets: SoakTargets, n: number) {
  return targets.users[(n * 31) % targets.users.length]!;
}

/** The group the n-th call changes the owners of: one per call, so each is changed exactly once. */
export function soakOwnerGroupId(n: number): string {
  return `50a4c000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function ownerChange(n: number, targets: SoakTargets, kind: 'add' | 'remove'): SoakCall {
  const userId = pick(targets, n).id;
  const groupId = soakOwnerGroupId(n);
  return {
    capability: kind === 'add' ? 'add-group-owner' : 'remove-group-owner',
    // `fail` on both: a retry that re-applied the change would show as ALREADY_AN_OWNER / NOT_AN_OWNER.
    body:
      kind === 'add' ? { userId, groupId, ifAlreadyOwner: 'fail' } : { userId, groupId, ifNotOwner: 'fail' },
    ownership: { kind, groupId, userId },
  };
}

function create(n: number, targets: SoakTargets): SoakCall {
  const nickname = `soak-${targets.runId}-${n}`;
  const upn = `${nickname}@${targets.domain}`;
  return {
    capability: 'create-user',
    createdUpn: upn,
    body: {
      createUserAccountEnabled: true,
      createUserDisplayName: `Soak ${n}`,
      createUserMailNickname: nickname,
      createUserPrincipalName: upn,
      createUserPassword: `Soak!${n}Passw0rd`,
    },
  };
}
