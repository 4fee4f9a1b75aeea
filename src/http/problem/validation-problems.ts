import type { FieldProblem } from '../../errors/service-error.js';

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Longest path reported: a field name is the caller's text, and may be as long as the body. */
const MAX_PATH_LENGTH = 200;
/** Field paths named in a problem's `detail`, which is one line. */
const MAX_DETAIL_FIELDS_LENGTH = 200;

/**
 * Ajv's errors as `{path, message}` pairs a caller can act on: the missing or unknown field is named
 * in the path itself, and `anyOf` noise is folded to one entry per path.
 */
export function validationProblems(validation: unknown[], context?: string): FieldProblem[] {
  const byPath = new Map<string, string>();
  for (const raw of validation as AjvLikeError[]) {
    const base = raw.instancePath ?? '';
    const params = raw.params ?? {};
    let path = base;
    let message = raw.message ?? 'is invalid';
    if (raw.keyword === 'required' && typeof params.missingProperty === 'string') {
      path = `${base}/${params.missingProperty}`;
      message = 'is required';
    } else if (raw.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      path = `${base}/${params.additionalProperty}`;
      message = 'is not a known field';
    } else if (raw.keyword === 'enum' && Array.isArray(params.allowedValues)) {
      message = `must be one of: ${params.allowedValues.join(', ')}`;
    }
    const pointer = shorten(path === '' ? (context === 'body' ? '/' : `/${context ?? ''}`) : path);
    if (!byPath.has(pointer)) byPath.set(pointer, message);
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}

function shorten(path: string): string {
  return path.length <= MAX_PATH_LENGTH ? path : `${path.slice(0, MAX_PATH_LENGTH - 1)}…`;
}

/** `/a, /b and 3 more`: the first paths that fit one short line, and a count of the rest. */
export function fieldList(paths: readonly string[]): string {
  const shown: string[] = [];
  let length = 0;
  for (const path of paths) {
    if (shown.length > 0 && length + path.length > MAX_DETAIL_FIELDS_LENGTH) break;
    shown.push(path);
    length += path.length + 2;
  }
  const rest = paths.length - shown.length;
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}
