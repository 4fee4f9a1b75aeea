import { Type } from '@sinclair/typebox';
import { PropertyNameSchema } from './common-schemas.js';

/** An optional `select` list (Graph `$select`), as read-user takes it. */
export const selectSchema = (description: string) =>
  Type.Optional(
    Type.Array(PropertyNameSchema, { minItems: 1, maxItems: 100, uniqueItems: true, description }),
  );

/** `$select` for the list, when there is one. */
export function selectQuery(select: readonly string[] | undefined): Record<string, string> {
  return select ? { $select: select.join(',') } : {};
}
