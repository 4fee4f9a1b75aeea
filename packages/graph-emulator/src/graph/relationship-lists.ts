// GET of the directory's navigation properties that list objects: a group's members and owners,
// a user's (or group's) memberOf and transitiveMemberOf, a user's directReports. Each may be
// narrowed by an OData cast (`/members/microsoft.graph.user`) and counted with `/$count`.
// https://learn.microsoft.com/graph/api/group-list-members, https://learn.microsoft.com/graph/api/user-list-memberof

import { DIRECTORY_OBJECT_QUERY_SCHEMA } from '../odata/directory-object-query-support.js';
import { GROUP_QUERY_SCHEMA } from '../odata/group-query-support.js';
import type { QuerySchema } from '../odata/query-schema.js';
import { USER_QUERY_SCHEMA } from '../odata/user-query-support.js';
import { readCollectionQuery } from './collection-query.js';
import { type CollectionSource, sendCollection, sendCollectionCount } from './collection-response.js';
import { type DirectoryObject, projectObject, subjectOf, typeNameOf } from './directory-object.js';
import type { GraphContext } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { castErrors } from './relationship-errors.js';

export type RelationshipName =
  | 'members'
  | 'owners'
  | 'memberOf'
  | 'transitiveMemberOf'
  | 'directReports'
  | 'ownedObjects';

/** The segments after the relationship: an optional cast, then an optional `$count`. */
export interface RelationshipTail {
  cast?: string;
  count: boolean;
}

const CAST_PREFIX = 'microsoft.graph.';

/** Directory object types Graph knows, by their name after `microsoft.graph.`. */
const DIRECTORY_TYPES = [
  'user',
  'group',
  'device',
  'servicePrincipal',
  'orgContact',
  'application',
  'directoryRole',
  'administrativeUnit',
  'contract',
];

/** What each relationship can hold (the types a cast may name). */
const MEMBER_TYPES: Record<RelationshipName, readonly string[]> = {
  members: ['user', 'group', 'device', 'servicePrincipal', 'orgContact'],
  owners: ['user', 'servicePrincipal'],
  memberOf: ['group', 'directoryRole', 'administrativeUnit'],
  transitiveMemberOf: ['group', 'directoryRole', 'administrativeUnit'],
  directReports: ['user', 'orgContact'],
  ownedObjects: ['group', 'application', 'servicePrincipal', 'device'],
};

const SCHEMAS: Record<string, QuerySchema> = { user: USER_QUERY_SCHEMA, group: GROUP_QUERY_SCHEMA };

/** `[]`, `['$count']`, `[cast]` or `[cast, '$count']`; undefined for any other tail. */
export function parseRelationshipTail(tail: readonly string[]): RelationshipTail | undefined {
  const [first, second, ...extra] = tail;
  if (extra.length > 0) return undefined;
  if (first === undefined) return { count: false };
  if (first === '$count') return second === undefined ? { count: true } : undefined;
  if (!first.toLowerCase().startsWith(CAST_PREFIX)) return undefined;
  if (second !== undefined && second !== '$count') return undefined;
  return { cast: first, count: second === '$count' };
}

/** Whether a path segment is an OData cast (`microsoft.graph.…`). */
export function isCastSegment(segment: string): boolean {
  return segment.toLowerCase().startsWith(CAST_PREFIX);
}

export function listRelationship(
  ctx: GraphContext,
  relationship: RelationshipName,
  objects: readonly DirectoryObject[],
  tail: RelationshipTail,
) {
  const castType = tail.cast === undefined ? undefined : castTypeOf(relationship, tail.cast);
  const items = castType
    ? objects.filter((object) => typeNameOf(object) === `${CAST_PREFIX}${castType}`)
    : objects;
  const schema = (castType ? SCHEMAS[castType] : undefined) ?? DIRECTORY_OBJECT_QUERY_SCHEMA;
  const query = readCollectionQuery(
    ctx,
    schema,
    { kind: 'relationship', ...(castType ? { cast: `${CAST_PREFIX}${castType}` } : {}) },
    tail.count ? '$count' : 'collection',
  );
  const source: CollectionSource<DirectoryObject> = {
    items,
    subject: subjectOf,
    // A cast makes the collection monomorphic: its items carry no @odata.type.
    project: (object, select) => projectObject(object, select, castType === undefined),
    entitySet: castType ? `${castType}s` : 'directoryObjects',
  };
  return tail.count ? sendCollectionCount(ctx, query, source) : sendCollection(ctx, query, source);
}

function castTypeOf(relationship: RelationshipName, cast: string): string {
  const name = cast.slice(CAST_PREFIX.length).toLowerCase();
  const type = DIRECTORY_TYPES.find((candidate) => candidate.toLowerCase() === name);
  if (type === undefined) throw graphErrors.segmentNotFound(cast);
  if (!MEMBER_TYPES[relationship].includes(type)) {
    throw castErrors.notAMemberType(`${CAST_PREFIX}${type}`, relationship);
  }
  return type;
}
