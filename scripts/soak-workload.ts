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
   * A change of a group's owners or members, on a group of its own (made before the run, see
   * soakGroupId), so any outcome but one change is a duplicated or lost effect. `remove` groups
   * start with the user in the relation (owners: with the manager too, so the user is never the
   * last owner).
   */
  groupChange?: GroupChange;
}

export interface GroupChange {
  relation: 'owners' | 'members';
  kind: 'add' | 'remove';
  groupId: string;
  userId: string;
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
  [40, (n, t) => groupChange(n, t, 'owners', 'add')],
  [40, (n, t) => groupChange(n, t, 'owners', 'remove')],
  [40, (n, t) => groupChange(n, t, 'members', 'add')],
  [40, (n, t) => groupChange(n, t, 'members', 'remove')],
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

/** The group the n-th call changes the owners or members of: one per call, so each is changed exactly once. */
function soakGroupId(n: number): string {
  return `50a4c000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Each change's capability, and the option that must stay `fail` (see groupChange). */
const GROUP_CHANGE_CALLS = {
  owners: { add: ['add-group-owner', 'ifAlreadyOwner'], remove: ['remove-group-owner', 'ifNotOwner'] },
  members: {
    add: ['add-user-to-group', 'ifAlreadyMember'],
    remove: ['remove-user-from-group', 'ifNotMember'],
  },
} as const;

function groupChange(
  n: number,
  targets: SoakTargets,
  relation: GroupChange['relation'],
  kind: GroupChange['kind'],
): SoakCall {
  const userId = pick(targets, n).id;
  const groupId = soakGroupId(n);
  const [capability, option] = GROUP_CHANGE_CALLS[relation][kind];
  return {
    capability,
    // `fail`: a retry that re-applied the change would show as ALREADY_… / NOT_… (or changed: false).
    body: { userId, groupId, [option]: 'fail' },
    groupChange: { relation, kind, groupId, userId },
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
