import { Type } from '@sinclair/typebox';
import type { FieldProblem } from '../../errors/service-error.js';
import { GUID_PATTERN } from './common-schemas.js';

const GUID = new RegExp(GUID_PATTERN);

/**
 * A list of GUIDs in any form the connector's documentation allows: a JSON array, a comma-separated
 * string, a string holding a JSON array (what a user types into a text field, `["id1","id2"]`), or
 * the documented default `[""]`. Empty entries are dropped.
 */
export const idListSchema = (description: string) =>
  Type.Union(
    [Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }), Type.String({ maxLength: 4000 })],
    {
      description: `${description} An array, or one comma-separated string; empty entries (the default [""]) are ignored.`,
    },
  );

export interface IdList {
  /** Lower-cased, de-duplicated, in the order given. */
  ids: string[];
  errors: FieldProblem[];
}

/** Parses and checks one id-list field; `field` names it in error paths (`/removeLicenses/1`). */
export function parseIdList(value: string | string[] | undefined, field: string): IdList {
  const ids: string[] = [];
  const errors: FieldProblem[] = [];
  idListEntries(value).forEach((entry, index) => {
    if (entry === '') return;
    if (!GUID.test(entry)) {
      errors.push({ path: `/${field}/${index}`, message: `must be a GUID, got "${entry.slice(0, 60)}"` });
      return;
    }
    const id = entry.toLowerCase();
    if (!ids.includes(id)) ids.push(id);
  });
  return { ids, errors };
}

/**
 * The entries of a list in any of the forms above, trimmed and unquoted, empty ones kept so that
 * index `i` is the entry an error path `/field/i` names.
 */
export function idListEntries(value: string | string[] | undefined): string[] {
  const entries = value === undefined ? [] : Array.isArray(value) ? value : splitText(value);
  return entries.map((raw) =>
    raw
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
}

function splitText(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed))
        return parsed.map((item) => (typeof item === 'string' ? item : String(item)));
    } catch {
      // Not JSON after all (e.g. `[id1, id2]` without quotes): strip the brackets and split.
      return trimmed.replace(/^\[|\]$/g, '').split(',');
    }
  }
  return trimmed.split(',');
}

/** Whether a single id is a GUID (e.g. `skuId`). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
