/**
 * `$select`: a comma-separated list of property names. Graph matches names case-insensitively and
 * answers with its own spelling, and does not add `id` on its own (https://learn.microsoft.com/graph/api/user-list).
 */
import { odataErrors } from './odata-error.js';
import { USER_PROPERTY_NAMES, USER_SINGLE_ENTITY_ONLY_PROPERTIES } from './user-properties.js';

/** Splits a decoded `$select` value into trimmed names. Throws `ODataError` on an empty item. */
export function parseSelect(text: string): string[] {
  const names: string[] = [];
  let offset = 0;
  for (const part of text.split(',')) {
    const name = part.trim();
    if (name === '') throw odataErrors.invalidSelect(odataErrors.expressionExpected(offset, text));
    names.push(name);
    offset += part.length + 1;
  }
  return names;
}

export interface ResolveSelectOptions {
  /** Names the resource knows; default: every v1.0 user property. */
  known?: readonly string[];
  /** A collection read (`/users`): SharePoint-backed properties answer 501 there. */
  collection?: boolean;
  /** Named in the 400 for an unknown property; default: microsoft.graph.user. */
  entityType?: string;
}

/**
 * Maps requested names to canonical ones, in request order and without duplicates. Throws
 * `ODataError`: 400 for an unknown name, 501 for a single-entity-only name on a collection.
 */
export function resolveSelect(names: readonly string[], options: ResolveSelectOptions = {}): string[] {
  const known = options.known ?? USER_PROPERTY_NAMES;
  const byLower = new Map(known.map((name) => [name.toLowerCase(), name]));
  const singleOnly = new Set(USER_SINGLE_ENTITY_ONLY_PROPERTIES.map((name) => name.toLowerCase()));
  const resolved: string[] = [];
  for (const name of names) {
    const canonical = byLower.get(name.toLowerCase());
    if (canonical === undefined) throw odataErrors.unknownProperty(name, options.entityType);
    if (options.collection && singleOnly.has(name.toLowerCase()))
      throw odataErrors.notImplementedOnCollection();
    if (!resolved.includes(canonical)) resolved.push(canonical);
  }
  return resolved;
}

/** Copies only the selected properties; unset ones come back as `null`, as Graph does. */
export function projectSelected(subject: Readonly<Record<string, unknown>>, selected: readonly string[]) {
  const projected: Record<string, unknown> = {};
  for (const name of selected) projected[name] = subject[name] ?? null;
  return projected;
}
