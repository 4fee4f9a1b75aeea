// $orderby over a tenant's users: the matching users sorted once, kept while the tenant does
// not change (its change-log position is part of the key), and paged by keyset (the sort
// keys plus the creation ordinal of the last item served) with a binary search. Paging a
// 100,000-user sorted result therefore sorts once, not once per page.

import { LRUCache } from 'lru-cache';
import type { TenantDirectory } from '../directory/tenant-directory.js';
import type { UserRecord } from '../directory/user-record.js';
import type { OrderByItem } from '../odata/orderby.js';
import type { ListCursor, Page } from './paging.js';

export interface SortedQuery {
  /** Canonical property names (single segments: the gate allows no paths). */
  orderby: readonly OrderByItem[];
  /** Identifies the filter and search, so different queries never share a sorted view. */
  key: string;
  matches: (user: UserRecord) => boolean;
}

const views = new WeakMap<TenantDirectory, LRUCache<string, UserRecord[]>>();

/** The matching users in $orderby order, ties broken by creation order. */
export function sortedUsers(directory: TenantDirectory, query: SortedQuery): UserRecord[] {
  let cache = views.get(directory);
  if (!cache) {
    cache = new LRUCache({ max: 4 });
    views.set(directory, cache);
  }
  // A user that finishes replicating changes what a read sees without a change-log entry.
  const key = JSON.stringify([
    directory.changeLog.currentSeq,
    directory.replication.stamp(),
    query.key,
    query.orderby,
  ]);
  let sorted = cache.get(key);
  if (!sorted) {
    // Decorate-sort-undecorate: each user's keys are normalized once, not per comparison
    // (100,000 users take ~1.7 million comparisons).
    const decorated: { user: UserRecord; keys: SortKey[]; first: SortKey }[] = [];
    for (const user of directory.activeUsersAfter(0)) {
      if (!query.matches(user)) continue;
      const keys = normalizedKeys(sortKeys(user, query.orderby));
      decorated.push({ user, keys, first: keys[0] ?? null });
    }
    const signs = query.orderby.map((item) => (item.direction === 'desc' ? -1 : 1));
    const sign = signs[0] ?? 1;
    decorated.sort((a, b) => {
      // Fast path for the usual single string key; everything else goes through compareKeys.
      const x = a.first;
      const y = b.first;
      if (typeof x === 'string' && typeof y === 'string' && x !== y) return (x < y ? -1 : 1) * sign;
      return compareKeys(a.keys, b.keys, signs) || a.user.ordinal - b.user.ordinal;
    });
    sorted = decorated.map((entry) => entry.user);
    cache.set(key, sorted);
  }
  return sorted;
}

type SortKey = string | number | boolean | null;

/** The engine's ordering (odata/orderby.ts): nulls first, strings case-insensitively. */
function normalizedKeys(values: readonly unknown[]): SortKey[] {
  return values.map((value) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number' || typeof value === 'boolean') return value;
    return String(value).toLowerCase();
  });
}

function compareKeys(a: readonly SortKey[], b: readonly SortKey[], signs: readonly number[]): number {
  for (let i = 0; i < signs.length; i += 1) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    let result: number;
    if (x === null || y === null) result = x === y ? 0 : x === null ? -1 : 1;
    else if (typeof x === 'number' && typeof y === 'number') result = x - y;
    else if (typeof x === 'boolean' && typeof y === 'boolean') result = Number(x) - Number(y);
    else {
      const left = String(x);
      const right = String(y);
      result = left < right ? -1 : left > right ? 1 : 0;
    }
    if (result !== 0) return result * signs[i]!;
  }
  return 0;
}

export function sortKeys(user: UserRecord, orderby: readonly OrderByItem[]): unknown[] {
  return orderby.map((item) => user.props[item.property] ?? null);
}

/** Up to `size` users after the cursor (keyset), and the cursor's successor if more follow. */
export function sortedPage(
  sorted: readonly UserRecord[],
  orderby: readonly OrderByItem[],
  cursor: ListCursor,
  size: number,
): Page<UserRecord> & { nextKeys?: unknown[] } {
  const start = cursor.keys ? firstAfter(sorted, orderby, cursor) : 0;
  const items = sorted.slice(start, start + size);
  const last = items[items.length - 1];
  if (start + size >= sorted.length || !last) return { items };
  return { items, nextAfter: last.ordinal, nextKeys: sortKeys(last, orderby) };
}

function firstAfter(sorted: readonly UserRecord[], orderby: readonly OrderByItem[], cursor: ListCursor) {
  const signs = orderby.map((item) => (item.direction === 'desc' ? -1 : 1));
  const probe = normalizedKeys(cursor.keys ?? []);
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const user = sorted[mid]!;
    const order =
      compareKeys(normalizedKeys(sortKeys(user, orderby)), probe, signs) || user.ordinal - cursor.after;
    if (order <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
