// Folds a range of the change log into one change per user, as a delta round reports them:
// in order of each user's first relevant change, with the union of the tracked properties
// that changed. Only tracked properties count ($select-scoped tracking): an update touching
// nothing tracked does not surface the user at all. https://learn.microsoft.com/graph/delta-query-overview

import type { ChangeEntry } from './change-log.js';

export interface FoldedChange {
  readonly userId: string;
  /** The user was created inside the range (the client never saw it before). */
  created: boolean;
  /** The user was restored from deletedItems inside the range. */
  restored: boolean;
  /** Tracked properties set or cleared by updates inside the range. */
  readonly changed: Set<string>;
}

/**
 * @param tracked canonical property names the round tracks (`id` included)
 * @param ids when set, only these (lower-cased) user ids are followed
 */
export function foldChanges(
  entries: Iterable<ChangeEntry>,
  tracked: ReadonlySet<string>,
  ids?: ReadonlySet<string>,
): FoldedChange[] {
  const byUser = new Map<string, FoldedChange>();
  const ordered: FoldedChange[] = [];
  for (const entry of entries) {
    if (ids && !ids.has(entry.userId)) continue;
    const relevantProps =
      entry.kind === 'updated' ? entry.changedProperties.filter((p) => tracked.has(p)) : undefined;
    if (relevantProps && relevantProps.length === 0) continue;
    let change = byUser.get(entry.userId);
    if (!change) {
      change = { userId: entry.userId, created: false, restored: false, changed: new Set() };
      byUser.set(entry.userId, change);
      ordered.push(change);
    }
    if (entry.kind === 'created') change.created = true;
    if (entry.kind === 'restored') change.restored = true;
    for (const p of relevantProps ?? []) change.changed.add(p);
  }
  return ordered;
}
