// `$expand` on users: only `manager` is served, on one user or on the list, with an optional
// nested `$select` and, on one user, `$levels` (a number up to 1000, or `max`) for the chain of
// managers. Graph allows one expanded navigation per user request and no expansion together with
// advanced queries on the list. https://learn.microsoft.com/graph/api/user-list-manager,
// https://learn.microsoft.com/graph/aad-advanced-queries

import type { TenantDirectory } from '../directory/tenant-directory.js';
import type { UserRecord } from '../directory/user-record.js';
import { odataErrors } from '../odata/odata-error.js';
import { parseSelect, resolveSelect } from '../odata/select.js';
import { USER_PROPERTY_NAMES } from '../odata/user-properties.js';
import { canonicalName } from '../odata/user-query-support.js';
import { graphErrors } from './graph-error.js';
import { USER_TYPE } from './group-representation.js';
import { expandErrors } from './relationship-errors.js';
import { projectUser } from './select-projection.js';

export interface ManagerExpansion {
  /** Canonical names of the nested `$select`, or undefined for the default properties. */
  select?: string[];
  /** How many managers up the chain (1 without `$levels`). */
  levels: number;
}

/** Navigation properties of a user that exist in Graph but that the emulator does not expand. */
const OTHER_NAVIGATION = new Set(
  [
    'directReports',
    'memberOf',
    'transitiveMemberOf',
    'ownedObjects',
    'ownedDevices',
    'registeredDevices',
    'createdObjects',
    'licenseDetails',
    'extensions',
    'photo',
    'appRoleAssignments',
    'oauth2PermissionGrants',
  ].map((name) => name.toLowerCase()),
);

const MAX_LEVELS = 1000;
const KNOWN = Object.fromEntries(USER_PROPERTY_NAMES.map((name) => [name, true]));

/** Splits on commas outside parentheses. */
function topLevelItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    else if (ch === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** The manager expansion asked for, or undefined without `$expand`. */
export function parseUserExpand(
  raw: string | undefined,
  scope: 'entity' | 'collection',
): ManagerExpansion | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const items = topLevelItems(raw);
  if (items.length > 1) throw expandErrors.tooManyItems();
  const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?$/s.exec(items[0]!);
  if (!match) throw expandErrors.syntax(raw);
  const name = match[1]!;
  if (name.toLowerCase() !== 'manager') {
    if (OTHER_NAVIGATION.has(name.toLowerCase())) throw graphErrors.notImplemented();
    const property = canonicalName(KNOWN, name);
    if (property !== undefined) throw expandErrors.notNavigation(property);
    throw odataErrors.unknownProperty(name);
  }
  const expansion: ManagerExpansion = { levels: 1 };
  for (const option of (match[2] ?? '')
    .split(';')
    .map((o) => o.trim())
    .filter((o) => o !== '')) {
    const eq = option.indexOf('=');
    const key = (eq < 0 ? option : option.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : option.slice(eq + 1).trim();
    if (key === '$select') {
      expansion.select = resolveSelect(parseSelect(value));
    } else if (key === '$levels') {
      if (scope === 'collection') throw expandErrors.levelsOnCollection();
      expansion.levels = parseLevels(value);
    } else {
      throw expandErrors.nestedOption(key);
    }
  }
  return expansion;
}

function parseLevels(value: string): number {
  if (value.toLowerCase() === 'max') return MAX_LEVELS;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 1 && n <= MAX_LEVELS)) throw expandErrors.invalidLevels(value);
  return n;
}

/** The user's manager (and the managers above it, up to `levels`), or undefined without one. */
export function expandedManager(
  tenant: TenantDirectory,
  user: UserRecord,
  expansion: ManagerExpansion,
  seen: ReadonlySet<string> = new Set([user.props.id]),
): Record<string, unknown> | undefined {
  const manager = tenant.activeManagerOf(user);
  if (!manager || seen.has(manager.props.id)) return undefined;
  const view: Record<string, unknown> = {
    '@odata.type': USER_TYPE,
    ...projectUser(manager.props, expansion.select),
  };
  if (expansion.levels > 1) {
    const above = expandedManager(
      tenant,
      manager,
      { ...expansion, levels: expansion.levels - 1 },
      new Set([...seen, manager.props.id]),
    );
    if (above) view['manager'] = above;
  }
  return view;
}
