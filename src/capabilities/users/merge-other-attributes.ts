import { badRequest } from '../../errors/problem.js';

/**
 * Lays "Other Attributes" (`otherAttributes`) under the named fields. A key that a named field already sets
 * is refused rather than silently overwritten, so a caller never wonders which one won.
 */
export function mergeOtherAttributes(
  named: Record<string, unknown>,
  otherAttributes: Record<string, unknown> | undefined,
): Record<string, unknown> {
  if (!otherAttributes) return named;
  const clashes = Object.keys(otherAttributes).filter((key) => key in named);
  if (clashes.length > 0) {
    throw badRequest(
      'DUPLICATE_ATTRIBUTE',
      `otherAttributes repeats fields set elsewhere in the request: ${clashes.join(', ')}.`,
      clashes.map((key) => ({ path: `/otherAttributes/${key}`, message: 'is already set by a named field' })),
    );
  }
  return { ...otherAttributes, ...named };
}

/** Drops undefined entries, so a Graph body carries only what the caller asked to change. */
export function definedOnly(fields: Record<string, unknown>): Record<string, unknown> {
  const defined: Record<string, unknown> = {};
  for (const key in fields) {
    if (fields[key] !== undefined) defined[key] = fields[key];
  }
  return defined;
}
