// Checks one property value of a user create/update body against the catalogue (type,
// length, format) and returns the value to store. `null` means "clear" (update only).
// https://learn.microsoft.com/graph/api/resources/user

import { isSmtpAddress } from '../directory/upn-format.js';
import type { UserPropertySpec } from '../directory/user-properties.js';
import { graphErrors } from './graph-error.js';

const MAIL_NICKNAME_FORBIDDEN = /[@()\\[\]";:<>,\s]/;

export function checkPropertyValue(spec: UserPropertySpec, value: unknown): unknown {
  const invalid = graphErrors.invalidValue(spec.name);
  if (value === null) {
    if (spec.notNullable) throw invalid;
    return null;
  }
  switch (spec.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid;
      return value;
    case 'string':
    case 'dateTime':
      return checkString(spec, value);
    case 'stringArray': {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalid;
      if (spec.maxItems !== undefined && value.length > spec.maxItems) throw invalid;
      if (spec.maxLength !== undefined && value.some((item: string) => item.length > spec.maxLength!))
        throw invalid;
      return [...value];
    }
    case 'objectArray':
      if (!Array.isArray(value) || value.some((item) => !isPlainObject(item))) throw invalid;
      return structuredClone(value);
    case 'object':
      if (!isPlainObject(value)) throw invalid;
      return structuredClone(value);
  }
}

function checkString(spec: UserPropertySpec, value: unknown): string {
  const invalid = graphErrors.invalidValue(spec.name);
  // Empty strings are refused: a directory string is cleared with null.
  if (typeof value !== 'string' || value.length === 0) throw invalid;
  if (spec.maxLength !== undefined && value.length > spec.maxLength) throw invalid;
  if (spec.kind === 'dateTime' && Number.isNaN(Date.parse(value))) throw invalid;
  switch (spec.name) {
    case 'usageLocation':
      if (!/^[A-Za-z]{2}$/.test(value)) throw invalid;
      return value.toUpperCase();
    case 'mail':
      if (!isSmtpAddress(value)) throw invalid;
      return value;
    case 'mailNickname':
      if (MAIL_NICKNAME_FORBIDDEN.test(value) || /[^\x20-\x7e]/.test(value)) throw invalid;
      return value;
    case 'displayName':
      if (value.trim().length === 0) throw invalid;
      return value;
    default:
      return value;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
