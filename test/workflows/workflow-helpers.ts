import type { RunningEmulator } from '@entra-user-management/graph-emulator';

/** The write methods a dry run must never send. */
const WRITE_METHODS = ['POST', 'PATCH', 'PUT', 'DELETE'] as const;

/**
 * Arms no-op fault rules (no status, no delay) on every write method, so that the emulator counts
 * each write it receives; `writes()` is that count. Graph's read-only POSTs (getMemberGroups,
 * checkMemberGroups) are excluded.
 */
export function countWrites(emulator: RunningEmulator): { writes: () => number; stop: () => void } {
  const rules = emulator.state.faults.arm(
    WRITE_METHODS.map((method) => ({
      method,
      pathRegex: '^(?!.*/(getMemberGroups|checkMemberGroups)$)',
      latencyMs: 0,
    })),
  );
  const ids = new Set(rules.map((rule) => rule.id));
  return {
    writes: () =>
      emulator.state.faults
        .list()
        .filter((rule) => ids.has(rule.id))
        .reduce((total, rule) => total + rule.matched, 0),
    stop: () => emulator.state.faults.clear(),
  };
}

export function tenantOf(emulator: RunningEmulator) {
  const tenant = emulator.state.resolveTenant(emulator.demo.tenantId);
  if (!tenant) throw new Error('no demo tenant');
  return tenant;
}

export function directMemberIds(emulator: RunningEmulator, groupId: string): string[] {
  return [...(tenantOf(emulator).groups.find(groupId)?.members ?? [])];
}

export function ownerIds(emulator: RunningEmulator, groupId: string): string[] {
  return [...(tenantOf(emulator).groups.find(groupId)?.owners ?? [])];
}
