// How a user appears in a /users/delta page: never-set properties omitted (unlike GET /users),
// a property cleared during the round as null, `id` always present, removed users as
// `{id, @removed: {reason}}`, and with `Prefer: return=minimal` only the changed properties.
// When `manager` is selected, the relationship travels as a `manager@delta` annotation: the
// manager's id, or the former manager with `@removed` once it is taken away.
// https://learn.microsoft.com/graph/api/user-delta, https://learn.microsoft.com/graph/delta-query-overview

import type { FoldedChange } from '../directory/change-fold.js';
import type { TenantDirectory } from '../directory/tenant-directory.js';
import type { UserRecord } from '../directory/user-record.js';
import { USER_TYPE } from './group-representation.js';

/** Never delivered as properties: the password settings, and the manager relationship. */
const NOT_A_PROPERTY = new Set(['passwordProfile', 'manager']);

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** The full representation: every tracked property that has a value, id, and the manager. */
export function deltaUserView(
  directory: TenantDirectory,
  user: UserRecord,
  tracked: readonly string[],
  clearedToNull: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const { props } = user;
  const view: Record<string, unknown> = {};
  for (const name of tracked) {
    if (NOT_A_PROPERTY.has(name)) continue;
    const value = props[name];
    if (isSet(value)) view[name] = structuredClone(value);
    else if (clearedToNull.has(name)) view[name] = null;
  }
  view['id'] = props.id;
  if (tracked.includes('manager')) addManagerDelta(view, directory, user, clearedToNull.has('manager'));
  return view;
}

/** Only the changed properties (current values, null when cleared), id, and a changed manager. */
function minimalView(directory: TenantDirectory, user: UserRecord, changed: ReadonlySet<string>) {
  const view: Record<string, unknown> = {};
  for (const name of changed) {
    if (NOT_A_PROPERTY.has(name) || name === 'id') continue;
    const value = user.props[name];
    view[name] = isSet(value) ? structuredClone(value) : null;
  }
  view['id'] = user.props.id;
  if (changed.has('manager')) addManagerDelta(view, directory, user, true);
  return view;
}

/**
 * `manager@delta: [{@odata.type, id}]` for the current manager; when it was taken away in this
 * range (`changed`), the former one with `@removed`. Nothing when there is nothing to say.
 */
function addManagerDelta(
  view: Record<string, unknown>,
  directory: TenantDirectory,
  user: UserRecord,
  changed: boolean,
): void {
  const manager = directory.activeManagerOf(user);
  if (manager) {
    view['manager@delta'] = [{ '@odata.type': USER_TYPE, id: manager.props.id }];
    return;
  }
  const former = changed ? directory.orgChart.formerManagerOf(user.props.id) : undefined;
  if (former !== undefined) {
    view['manager@delta'] = [{ '@odata.type': USER_TYPE, id: former, '@removed': { reason: 'deleted' } }];
  }
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
  const active = directory.findUserIncludingUnreplicated(change.userId);
  if (active) {
    const whole = change.created || change.restored;
    if (minimal && !whole) return minimalView(directory, active, change.changed);
    return deltaUserView(directory, active, tracked, whole ? undefined : change.changed);
  }
  if (change.created) return undefined;
  // Soft-deleted users can be restored within 30 days: `changed`; purged ones are `deleted`.
  const reason = directory.findDeletedUser(change.userId) ? 'changed' : 'deleted';
  return { id: change.userId, '@removed': { reason } };
}
