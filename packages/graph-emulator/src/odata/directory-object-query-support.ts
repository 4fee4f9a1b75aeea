/**
 * The query rules of a polymorphic list of directory objects (a group's members, a user's
 * memberOf) before any OData cast narrows it: the union of the user and group tables, a user's
 * facts winning where both types have the property. Each object is then matched on its own
 * values; a property its type lacks reads as null.
 */

import { GROUP_PROPERTY_NAMES } from './group-properties.js';
import {
  GROUP_COUNTABLE_COLLECTIONS,
  GROUP_FILTER_SUPPORT,
  GROUP_ORDERBY_SUPPORT,
} from './group-query-support.js';
import type { QuerySchema } from './query-schema.js';
import { USER_PROPERTY_NAMES } from './user-properties.js';
import {
  USER_COUNTABLE_COLLECTIONS,
  USER_FILTER_SUPPORT,
  USER_ORDERBY_SUPPORT,
} from './user-query-support.js';

export const DIRECTORY_OBJECT_QUERY_SCHEMA: QuerySchema = {
  resource: 'DirectoryObject',
  entityType: 'microsoft.graph.directoryObject',
  propertyNames: [...new Set([...USER_PROPERTY_NAMES, ...GROUP_PROPERTY_NAMES])],
  filterSupport: { ...GROUP_FILTER_SUPPORT, ...USER_FILTER_SUPPORT },
  countableCollections: new Set([...USER_COUNTABLE_COLLECTIONS, ...GROUP_COUNTABLE_COLLECTIONS]),
  orderbySupport: { ...GROUP_ORDERBY_SUPPORT, ...USER_ORDERBY_SUPPORT },
  tokenizedSearch: ['displayName', 'description'],
};
