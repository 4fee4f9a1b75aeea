/**
 * Binds a `$filter` tree to a resource type (users, groups, the directory objects of a membership
 * list): checks property names and literal types (what ODL's binder does) and lists which
 * (property, operation) pairs the filter uses, in source order, so the advanced-query gate can
 * look each one up in the schema's support table.
 */
import type { ComparisonOperator, FilterNode, LiteralNode, OperandNode, PropertyNode } from './filter-ast.js';
import { odataErrors } from './odata-error.js';
import type { QuerySchema } from './query-schema.js';
import {
  canonicalName,
  type EdmType,
  type FilterOperation,
  USER_QUERY_SCHEMA,
  type UserFilterFacts,
} from './user-query-support.js';

export interface FilterUsage {
  /** Canonical top-level property (for lambdas, the collection). */
  property: string;
  /** `count` = `/$count` inside the filter, always advanced. */
  operation: FilterOperation | 'count';
}

interface LambdaScope {
  variable: string;
  property: string;
  facts: UserFilterFacts;
}

interface BoundOperand {
  property: string;
  type: EdmType;
  /** A collection compared as a whole (`businessPhones eq 'x'`), which Graph rejects. */
  wholeCollection: boolean;
  count: boolean;
}

const ODL_OPERATOR: Record<ComparisonOperator, string> = {
  eq: 'Equal',
  ne: 'NotEqual',
  gt: 'GreaterThan',
  ge: 'GreaterThanOrEqual',
  lt: 'LessThan',
  le: 'LessThanOrEqual',
};

function literalEdmType(literal: LiteralNode): string | undefined {
  switch (literal.type) {
    case 'string':
      return 'Edm.String';
    case 'guid':
      return 'Edm.Guid';
    case 'datetime':
      return 'Edm.DateTimeOffset';
    case 'date':
      return 'Edm.Date';
    case 'number':
      return Number.isInteger(literal.value) ? 'Edm.Int32' : 'Edm.Double';
    case 'boolean':
      return 'Edm.Boolean';
    case 'null':
      return undefined;
  }
}

function checkLiteralType(bound: BoundOperand, literal: LiteralNode, op: ComparisonOperator): void {
  const literalType = literalEdmType(literal);
  if (literalType === undefined || literalType === bound.type) return;
  if (bound.type === 'Edm.Int32' && literalType === 'Edm.Double') return;
  throw odataErrors.invalidFilter(odataErrors.incompatibleTypes(bound.type, literalType, ODL_OPERATOR[op]));
}

/** Binds property names against one schema; errors name its resource and entity type. */
class Binder {
  readonly #known: Record<string, true>;
  constructor(readonly schema: QuerySchema) {
    this.#known = Object.fromEntries(schema.propertyNames.map((n) => [n, true]));
  }

  factsFor(name: string): { property: string; facts: UserFilterFacts } {
    const { filterSupport, resource } = this.schema;
    const property = canonicalName(filterSupport, name);
    if (property !== undefined) return { property, facts: filterSupport[property]! };
    const known = canonicalName(this.#known, name);
    if (known !== undefined) throw odataErrors.unsupportedFilterProperty(known, resource);
    throw this.unknown(name);
  }

  unknown(name: string) {
    return odataErrors.unknownProperty(name, this.schema.entityType);
  }
}

function bindInLambda(binder: Binder, node: PropertyNode, lambda: LambdaScope): BoundOperand {
  const { collection, type } = lambda.facts;
  const base = { property: lambda.property, wholeCollection: false, count: false };
  if (node.path.length === 0) {
    if (collection !== 'primitive') throw odataErrors.unsupportedQuery();
    return { ...base, type };
  }
  if (collection === 'primitive' || collection === undefined || node.path.length > 1) {
    throw binder.unknown(node.path.at(-1)!);
  }
  const member = canonicalName(collection, node.path[0]!);
  if (member === undefined) throw binder.unknown(node.path[0]!);
  return { ...base, type: collection[member]! };
}

function bindProperty(binder: Binder, node: PropertyNode, lambda: LambdaScope | undefined): BoundOperand {
  if (node.variable !== undefined) {
    if (lambda === undefined || node.variable !== lambda.variable) throw odataErrors.unsupportedQuery();
    return bindInLambda(binder, node, lambda);
  }
  const { property, facts } = binder.factsFor(node.path[0]!);
  if (node.count) {
    if (node.path.length > 1 || !binder.schema.countableCollections.has(property))
      throw odataErrors.unsupportedQuery();
    return { property, type: 'Edm.Int32', wholeCollection: false, count: true };
  }
  if (node.path.length > 1) {
    const nestedName = node.path[1]!;
    const nested = facts.nested && canonicalName(facts.nested, nestedName);
    if (nested === undefined || node.path.length > 2) throw binder.unknown(nestedName);
    return { property, type: facts.nested![nested]!, wholeCollection: false, count: false };
  }
  return { property, type: facts.type, wholeCollection: facts.collection !== undefined, count: false };
}

function splitOperands(left: OperandNode, right: OperandNode): [PropertyNode, LiteralNode] {
  if (left.kind === 'property' && right.kind === 'literal') return [left, right];
  if (left.kind === 'literal' && right.kind === 'property') return [right, left];
  throw odataErrors.unsupportedQuery();
}

function comparisonOperation(op: ComparisonOperator): FilterOperation {
  if (op === 'gt') return 'ge';
  if (op === 'lt') return 'le';
  return op;
}

function walk(binder: Binder, node: FilterNode, lambda: LambdaScope | undefined, out: FilterUsage[]): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      walk(binder, node.left, lambda, out);
      walk(binder, node.right, lambda, out);
      return;
    case 'not': {
      const inner: FilterUsage[] = [];
      walk(binder, node.operand, lambda, inner);
      // The `not` column applies to every property under the negation.
      const properties = [...new Set(inner.map((u) => u.property))];
      out.push(...properties.map((property) => ({ property, operation: 'not' as const })), ...inner);
      return;
    }
    case 'compare': {
      const [propertyNode, literal] = splitOperands(node.left, node.right);
      const bound = bindProperty(binder, propertyNode, lambda);
      if (bound.wholeCollection) throw odataErrors.unsupportedQuery();
      checkLiteralType(bound, literal, node.op);
      if (bound.count) {
        out.push({ property: bound.property, operation: 'count' });
      } else if (literal.type === 'null') {
        if (node.op !== 'eq' && node.op !== 'ne') throw odataErrors.unsupportedQuery();
        if (node.op === 'ne') out.push({ property: bound.property, operation: 'ne' });
        out.push({ property: bound.property, operation: 'eqNull' });
      } else {
        out.push({ property: bound.property, operation: comparisonOperation(node.op) });
      }
      return;
    }
    case 'in': {
      if (node.left.kind !== 'property') throw odataErrors.unsupportedQuery();
      const bound = bindProperty(binder, node.left, lambda);
      if (bound.wholeCollection || bound.count) throw odataErrors.unsupportedQuery();
      for (const value of node.values) checkLiteralType(bound, value, 'eq');
      out.push({ property: bound.property, operation: 'in' });
      return;
    }
    case 'function': {
      const [target, argument] = node.args;
      if (target.kind !== 'property' || argument.kind !== 'literal' || argument.type !== 'string') {
        throw odataErrors.unsupportedQuery();
      }
      const bound = bindProperty(binder, target, lambda);
      if (bound.wholeCollection || bound.count || bound.type !== 'Edm.String')
        throw odataErrors.unsupportedQuery();
      // `contains` is not offered on directory objects.
      if (node.name === 'contains') {
        throw odataErrors.unsupportedFilterProperty(bound.property, binder.schema.resource);
      }
      out.push({
        property: bound.property,
        operation: node.name === 'startswith' ? 'startsWith' : 'endsWith',
      });
      return;
    }
    case 'lambda': {
      if (node.op === 'all') throw odataErrors.filterNotSupported();
      if (node.collection.variable !== undefined || node.collection.path.length !== 1) {
        throw odataErrors.unsupportedQuery();
      }
      const { property, facts } = binder.factsFor(node.collection.path[0]!);
      if (facts.collection === undefined || node.variable === undefined || node.predicate === undefined) {
        throw odataErrors.unsupportedQuery();
      }
      walk(binder, node.predicate, { variable: node.variable, property, facts }, out);
      return;
    }
    case 'boolean-operand':
      throw odataErrors.unsupportedQuery();
  }
}

/**
 * Lists the (property, operation) pairs a filter uses. Throws `ODataError` for unknown
 * properties, literal type mismatches and shapes Graph does not accept on the resource.
 */
export function analyzeFilter(ast: FilterNode, schema: QuerySchema = USER_QUERY_SCHEMA): FilterUsage[] {
  const usages: FilterUsage[] = [];
  walk(new Binder(schema), ast, undefined, usages);
  return usages;
}
