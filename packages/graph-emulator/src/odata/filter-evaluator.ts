/**
 * Compiles a `$filter` tree into a predicate over plain user objects (Graph-shaped JSON).
 * The tree is walked once at compile time so a 100k-user scan only runs closures.
 *
 * Semantics chosen to match what Graph shows for directory objects:
 * - property names resolve case-insensitively (Graph accepts `jobtitle ge '!'`);
 * - strings compare case-insensitively;
 * - a missing property is `null`; `eq null` matches it, any other comparison with null is false
 *   (`ne 'x'` is true for null, as `not (eq 'x')` would be);
 * - DateTimeOffset literals compare as instants; GUID literals compare as lowercase strings.
 */
import type {
  ComparisonNode,
  ComparisonOperator,
  FilterNode,
  FunctionNode,
  LambdaNode,
  LiteralNode,
  OperandNode,
  PropertyNode,
} from './filter-ast.js';

export type FilterSubject = Readonly<Record<string, unknown>>;
export type FilterPredicate = (subject: FilterSubject) => boolean;

type Scope = Readonly<Record<string, unknown>>;
type Evaluate = (subject: FilterSubject, scope: Scope) => boolean;
type Resolve = (subject: FilterSubject, scope: Scope) => unknown;
type CompareKind = 'datetime' | 'auto';

/** Reads `key` from an object, falling back to a case-insensitive match of the key. */
export function readProperty(holder: unknown, key: string): unknown {
  if (holder === null || typeof holder !== 'object' || Array.isArray(holder)) return undefined;
  const record = holder as Record<string, unknown>;
  if (key in record) return record[key];
  const lower = key.toLowerCase();
  for (const candidate of Object.keys(record)) {
    if (candidate.toLowerCase() === lower) return record[candidate];
  }
  return undefined;
}

function isNull(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function literalValue(node: LiteralNode): unknown {
  return node.type === 'guid' ? String(node.value).toLowerCase() : node.value;
}

function compileOperand(node: OperandNode): Resolve {
  if (node.kind === 'literal') {
    const value = literalValue(node);
    return () => value;
  }
  return compilePath(node);
}

function compilePath(node: PropertyNode): Resolve {
  const { variable, path, count } = node;
  return (subject, scope) => {
    let value: unknown = variable === undefined ? subject : scope[variable];
    for (const segment of path) value = readProperty(value, segment);
    if (count) return Array.isArray(value) ? value.length : undefined;
    return value;
  };
}

function comparable(value: unknown, kind: CompareKind): number | string | boolean {
  if (kind === 'datetime') return Date.parse(String(value));
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value).toLowerCase();
}

function applyOperator(op: ComparisonOperator, a: unknown, b: unknown, kind: CompareKind): boolean {
  if (isNull(a) || isNull(b)) {
    const bothNull = isNull(a) && isNull(b);
    if (op === 'eq') return bothNull;
    if (op === 'ne') return !bothNull;
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b) || typeof a === 'object' || typeof b === 'object') return false;
  let left = comparable(a, kind);
  let right = comparable(b, kind);
  // Mixed types (a number against a string property) fall back to text, as a lenient binder would.
  if (typeof left !== typeof right) {
    left = String(a).toLowerCase();
    right = String(b).toLowerCase();
  }
  switch (op) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
  }
}

function compareKind(...operands: OperandNode[]): CompareKind {
  const isDate = operands.some((o) => o.kind === 'literal' && (o.type === 'datetime' || o.type === 'date'));
  return isDate ? 'datetime' : 'auto';
}

function compileComparison(node: ComparisonNode): Evaluate {
  const left = compileOperand(node.left);
  const right = compileOperand(node.right);
  const kind = compareKind(node.left, node.right);
  return (subject, scope) => applyOperator(node.op, left(subject, scope), right(subject, scope), kind);
}

function compileFunction(node: FunctionNode): Evaluate {
  const [target, argument] = node.args.map(compileOperand) as [Resolve, Resolve];
  const test: (value: string, part: string) => boolean =
    node.name === 'startswith'
      ? (v, p) => v.startsWith(p)
      : node.name === 'endswith'
        ? (v, p) => v.endsWith(p)
        : (v, p) => v.includes(p);
  return (subject, scope) => {
    const value = target(subject, scope);
    const part = argument(subject, scope);
    if (typeof value !== 'string' || typeof part !== 'string') return false;
    return test(value.toLowerCase(), part.toLowerCase());
  };
}

function compileLambda(node: LambdaNode): Evaluate {
  const collection = compilePath(node.collection);
  const { variable, predicate } = node;
  if (variable === undefined || predicate === undefined) {
    return (subject, scope) => {
      const items = collection(subject, scope);
      return Array.isArray(items) && items.length > 0;
    };
  }
  const inner = compileNode(predicate);
  const test = (subject: FilterSubject, scope: Scope) => (item: unknown) =>
    inner(subject, { ...scope, [variable]: item });
  return (subject, scope) => {
    const items = collection(subject, scope);
    if (!Array.isArray(items)) return false;
    return node.op === 'any' ? items.some(test(subject, scope)) : items.every(test(subject, scope));
  };
}

function compileNode(node: FilterNode): Evaluate {
  switch (node.kind) {
    case 'compare':
      return compileComparison(node);
    case 'in': {
      const left = compileOperand(node.left);
      const values = node.values.map(literalValue);
      const kind = compareKind(...node.values);
      return (subject, scope) => {
        const value = left(subject, scope);
        return values.some((candidate) => applyOperator('eq', value, candidate, kind));
      };
    }
    case 'function':
      return compileFunction(node);
    case 'lambda':
      return compileLambda(node);
    case 'and': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return (subject, scope) => left(subject, scope) && right(subject, scope);
    }
    case 'or': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return (subject, scope) => left(subject, scope) || right(subject, scope);
    }
    case 'not': {
      const operand = compileNode(node.operand);
      return (subject, scope) => !operand(subject, scope);
    }
    case 'boolean-operand': {
      const operand = compileOperand(node.operand);
      return (subject, scope) => operand(subject, scope) === true;
    }
  }
}

/** Turns a parsed `$filter` into a predicate; run the advanced-query gate first to reject what Graph rejects. */
export function compileFilter(node: FilterNode): FilterPredicate {
  const evaluate = compileNode(node);
  const emptyScope: Scope = Object.freeze({});
  return (subject) => evaluate(subject, emptyScope);
}
