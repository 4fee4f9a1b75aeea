import type { FieldProblem } from '../../errors/service-error.js';

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

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
    const pointer = path === '' ? (context === 'body' ? '/' : `/${context ?? ''}`) : path;
    if (!byPath.has(pointer)) byPath.set(pointer, message);
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}
