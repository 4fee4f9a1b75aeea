// $select parsing and the projection of a stored user onto Graph's representation: the 11
// default properties without $select, exactly the selected ones with it (no automatic id),
// null for unset values, [] for unset collections, and never a password.
// https://learn.microsoft.com/graph/api/user-list

import { findUserProperty } from '../directory/user-properties.js';
import type { UserProperties } from '../directory/user-record.js';
import { USER_DEFAULT_PROPERTIES } from '../odata/user-properties.js';
import { graphErrors } from './graph-error.js';

/** Canonical property names of `$select`, or undefined when there is none. */
export function parseUserSelect(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const names: string[] = [];
  for (const part of raw.split(',')) {
    const name = part.trim();
    if (name.length === 0) continue;
    const spec = findUserProperty(name);
    if (!spec)
      throw graphErrors.badRequest(
        `Could not find a property named '${name}' on type 'microsoft.graph.user'.`,
      );
    if (!names.includes(spec.name)) names.push(spec.name);
  }
  return names.length > 0 ? names : undefined;
}

export function projectUser(
  props: UserProperties,
  select: readonly string[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of select ?? USER_DEFAULT_PROPERTIES) out[name] = projectedValue(props, name);
  return out;
}

/** `(a,b)` for an @odata.context with $select, '' without. */
export function selectSuffix(select: readonly string[] | undefined): string {
  return select ? `(${select.join(',')})` : '';
}

function projectedValue(props: UserProperties, name: string): unknown {
  if (name === 'passwordProfile') return null;
  const value = props[name];
  if (value !== undefined && value !== null) return structuredClone(value);
  const kind = findUserProperty(name)?.kind;
  return kind === 'stringArray' || kind === 'objectArray' ? [] : null;
}
