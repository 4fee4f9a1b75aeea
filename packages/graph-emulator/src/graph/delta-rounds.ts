// One page of a delta round, from a position: either enumerating the current users (the
// initial round, by creation ordinal) or reporting the folded changes of a range of the
// change log (later rounds). Pure with respect to HTTP: users-delta.ts turns the result into
// links and a response.
// https://learn.microsoft.com/graph/delta-query-overview

import { LRUCache } from 'lru-cache';
import { type FoldedChange, foldChanges } from '../directory/change-fold.js';
import type { DeltaSettings } from '../directory/delta-policy.js';
import type { TenantDirectory } from '../directory/tenant-directory.js';
import type { UserRecord } from '../directory/user-record.js';
import { deltaChangeItem, deltaUserView } from './delta-item.js';
import { takePage } from './paging.js';

export interface RoundPosition {
  phase: 'initial' | 'changes';
  /** initial: the log position the round started at; changes: the range start (exclusive). */
  after: number;
  /** changes: the range end (inclusive), fixed when the round started. */
  upTo: number;
  /** initial: last ordinal served; changes: folded changes served so far. */
  cursor: number;
  select: string[] | null;
  ids: string[] | null;
}

export interface RoundPage {
  items: Record<string, unknown>[];
  /** The cursor of the next page, or undefined when the round is complete. */
  nextCursor?: number;
}

export interface PageInput {
  directory: TenantDirectory;
  position: RoundPosition;
  tracked: readonly string[];
  minimal: boolean;
  settings: Readonly<DeltaSettings>;
}

export function roundPage(input: PageInput): RoundPage {
  return input.position.phase === 'initial' ? initialPage(input) : changesPage(input);
}

function initialPage({ directory, position, tracked, settings }: PageInput): RoundPage {
  const { cursor, ids } = position;
  // Delta reads the change log, which replication lag does not delay (docs/emulator-fidelity.md).
  const source = ids
    ? usersWithIds(directory, ids, cursor)
    : directory.activeUsersIncludingUnreplicatedAfter(cursor);
  const page = takePage(source, settings.pageSize, () => true);
  const records: UserRecord[] = page.items;
  if (settings.repeatItems && cursor > 0) {
    // The robustness fault: the last user of the previous page comes again.
    const previous = directory
      .activeUsersIncludingUnreplicatedAfter(cursor - 1)
      [Symbol.iterator]()
      .next().value;
    if (previous && previous.ordinal === cursor && (!ids || ids.includes(previous.props.id)))
      records.unshift(previous);
  }
  return {
    items: records.map((user) => deltaUserView(directory, user, tracked)),
    ...(page.nextAfter !== undefined ? { nextCursor: page.nextAfter } : {}),
  };
}

function usersWithIds(directory: TenantDirectory, ids: readonly string[], after: number): UserRecord[] {
  const found: UserRecord[] = [];
  for (const id of ids) {
    const user = directory.findUserIncludingUnreplicated(id);
    if (user && user.props.id === id && user.ordinal > after) found.push(user);
  }
  return found.sort((a, b) => a.ordinal - b.ordinal);
}

function changesPage({ directory, position, tracked, minimal, settings }: PageInput): RoundPage {
  const folded = foldedRange(directory, position, tracked);
  const start = settings.repeatItems && position.cursor > 0 ? position.cursor - 1 : position.cursor;
  const end = Math.min(folded.length, position.cursor + settings.pageSize);
  const items: Record<string, unknown>[] = [];
  for (let i = start; i < end; i += 1) {
    const item = deltaChangeItem(directory, folded[i]!, tracked, minimal);
    if (item) items.push(item);
  }
  return { items, ...(end < folded.length ? { nextCursor: end } : {}) };
}

// A round's pages each need the same folded range; folding 100,000 changes per page would
// make a large round quadratic, so the last few folds per tenant are kept. The log is
// append-only, so a (range, tracking) key always folds to the same list.
const foldCaches = new WeakMap<TenantDirectory, LRUCache<string, FoldedChange[]>>();

function foldedRange(directory: TenantDirectory, position: RoundPosition, tracked: readonly string[]) {
  let cache = foldCaches.get(directory);
  if (!cache) {
    cache = new LRUCache({ max: 8 });
    foldCaches.set(directory, cache);
  }
  const key = JSON.stringify([position.after, position.upTo, tracked, position.ids]);
  let folded = cache.get(key);
  if (!folded) {
    const ids = position.ids ? new Set(position.ids) : undefined;
    folded = foldChanges(directory.changeLog.between(position.after, position.upTo), new Set(tracked), ids);
    cache.set(key, folded);
  }
  return folded;
}
