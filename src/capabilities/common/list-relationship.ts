import { Type } from '@sinclair/typebox';
import type { CapabilityContext, CapabilityOutput } from '../capability.js';
import { followPages } from './follow-pages.js';

export const MaxPagesSchema = Type.Optional(
  Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 1,
    description:
      'Follow @odata.nextLink up to this many pages; the last nextLink is returned when more remain.',
  }),
);

/** A relationship list as the caller sees it: every item fetched, and the nextLink when more remain. */
export const RelationshipListSchema = (item: string) =>
  Type.Object(
    {
      '@odata.context': Type.Optional(Type.String()),
      '@odata.nextLink': Type.Optional(Type.String({ description: 'Present only when more pages remain.' })),
      value: Type.Array(Type.Object({}, { additionalProperties: true }), {
        description: `${item}, each with its \`@odata.type\`.`,
      }),
    },
    { additionalProperties: true },
  );

/**
 * `GET {path}` (a directory relationship such as `/users/{id}/directReports`) with `$select`,
 * following pages up to `maxPages`; `rawResponse.value` holds every item fetched.
 */
export async function listRelationship(
  context: CapabilityContext,
  path: string,
  query: Record<string, string>,
  maxPages: number,
): Promise<CapabilityOutput> {
  const result = await followPages(
    context,
    { path, query: new URLSearchParams(query).toString() },
    { maxPages },
  );
  const { value: _value, '@odata.nextLink': _next, ...firstMeta } = result.firstPage;
  const next = result.lastPage['@odata.nextLink'];
  return {
    rawResponse: { ...firstMeta, value: result.items, ...(next ? { '@odata.nextLink': next } : {}) },
    statusCode: result.response.status,
    headers: result.response.headers,
    pages: result.pages,
  };
}
