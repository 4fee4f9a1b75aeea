// How a user appears in a /users/delta page: never-set properties omitted (unlike GET /users),
// a property cleared during the round as null, `id` always present, removed users as
// `{id, @removed: {reason}}`, and with `Prefer: return=minimal` only the changed properties.
// https://learn.microsoft.com/graph/api/user-delta

import type { FoldedChange } from '../directory/change-fold.js';
import type { TenantDirectory } from '../directory/tenant-directory.js';
import type { UserProperties } from '../directory/user-record.js';

/** Never delivered, whatever is selected: it holds password settings. */
const NEVER_DELIVERED = new Set(['passwordProfile']);

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The full representation: every tracked property that has a value, and id. */
export function deltaUserView(
  props: UserProperties,
  tracked: readonly string[],
  clearedToNull: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const name of tracked) {
    if (NEVER_DELIVERED.has(name)) continue;
    const value = props[name];
    if (isSet(value)) view[name] = structuredClone(value);
    else if (clearedToNull.has(name)) view[name] = null;
  }
  view['id'] = props.id;
  return view;
}

/** Only the changed properties (current values, null when cleared), and id. */
function minimalView(props: UserProperties, changed: ReadonlySet<string>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const name of changed) {
    if (NEVER_DELIVERED.has(name) || name === 'id') continue;
    const value = props[name];
    view[name] = isSet(value) ? structuredClone(value) : null;
  }
  view['id'] = props.id;
  return view;
}

/**
 * What one folded change looks like now, judged by the user's current state (delivering the
 * latest state early is safe: a later round repeats it and clients upsert by id). Undefined
 * when there is nothing to say: created and deleted again inside the round.
 */
export function deltaChangeItem(
  directory: TenantDirectory,
  change: FoldedChange,
  tracked: readonly string[],
  minimal: boolean,
): Record<string, unknown> | undefined {
  const active = directory.findUser(change.userId);
  if (active) {
    const whole = change.created || change.restored;
    if (minimal && !whole) return minimalView(active.props, change.changed);
    return deltaUserView(active.props, tracked, whole ? undefined : change.changed);
  }
  if (change.created) return undefined;
  // Soft-deleted users can be restored within 30 days: `changed`; purged ones are `deleted`.
  const reason = directory.findDeletedUser(change.userId) ? 'changed' : 'deleted';
  return { id: change.userId, '@removed': { reason } };
}
