/**
 * What the query rules need to know about one resource type (user, group, or the directory
 * objects of a membership list): the names it has, which `$filter` operations each property
 * supports and in which mode, what may be sorted on, what `$search` tokenizes, and the names its
 * errors use. Users, groups and membership lists share the parser, binder and advanced-query gate;
 * only this table differs.
 */
export type SupportLevel = 'default' | 'advanced';
export type FilterOperation = 'eq' | 'ne' | 'not' | 'ge' | 'le' | 'in' | 'startsWith' | 'endsWith' | 'eqNull';

/** Edm type names as ODL prints them in binder errors. */
export type EdmType = 'Edm.String' | 'Edm.Boolean' | 'Edm.DateTimeOffset' | 'Edm.Guid' | 'Edm.Int32';

/** The `$filter` facts of one property. */
export interface FilterFacts {
  /** Scalar type, or the element type for collections of primitives. */
  type: EdmType;
  /** Present for collections; complex element properties map to their types. */
  collection?: 'primitive' | Readonly<Record<string, EdmType>>;
  /** Nested complex properties reachable with `/` (onPremisesExtensionAttributes). */
  nested?: Readonly<Record<string, EdmType>>;
  ops: Readonly<Partial<Record<FilterOperation, SupportLevel>>>;
}

export interface QuerySchema {
  /** As Graph writes it in "… of resource 'User'." */
  readonly resource: string;
  /** As Graph writes it in "… on type 'microsoft.graph.user'." */
  readonly entityType: string;
  /** Every property the type has (an unknown name is a 400, a known but unfilterable one another). */
  readonly propertyNames: readonly string[];
  readonly filterSupport: Readonly<Record<string, FilterFacts>>;
  /** Collections whose `/$count` may be compared in a filter (always advanced). */
  readonly countableCollections: ReadonlySet<string>;
  readonly orderbySupport: Readonly<Record<string, SupportLevel>>;
  /** Properties `$search` tokenizes; every other searchable property matches from its start. */
  readonly tokenizedSearch: readonly string[];
}

/** Properties `$search` accepts: any scalar string property that `$filter` knows. */
export function searchableProperties(schema: QuerySchema): string[] {
  const names = new Set(schema.tokenizedSearch);
  for (const [name, facts] of Object.entries(schema.filterSupport)) {
    if (facts.type === 'Edm.String' && facts.collection === undefined && facts.nested === undefined) {
      names.add(name);
    }
  }
  return [...names];
}
