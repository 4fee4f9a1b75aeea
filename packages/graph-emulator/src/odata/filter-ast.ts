/** The `$filter` syntax tree shared by the parser, the evaluator and the advanced-query gate. */

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterFunctionName = 'startswith' | 'endswith' | 'contains';

export type LiteralType = 'string' | 'guid' | 'datetime' | 'date' | 'number' | 'boolean' | 'null';

export interface LiteralNode {
  kind: 'literal';
  type: LiteralType;
  /** Strings, GUIDs and dates keep their text; numbers are numbers. */
  value: string | number | boolean | null;
  position: number;
}

/**
 * A property path such as `onPremisesExtensionAttributes/extensionAttribute1`. Inside a lambda,
 * `x/skuId` has `variable: 'x'` and `path: ['skuId']`, and a bare `p` has `path: []`.
 * A trailing `/$count` (`assignedLicenses/$count eq 0`) is kept as `count: true`.
 */
export interface PropertyNode {
  kind: 'property';
  variable?: string;
  path: string[];
  count?: boolean;
  position: number;
}

export type OperandNode = LiteralNode | PropertyNode;

export interface ComparisonNode {
  kind: 'compare';
  op: ComparisonOperator;
  left: OperandNode;
  right: OperandNode;
  position: number;
}

export interface InNode {
  kind: 'in';
  left: OperandNode;
  values: LiteralNode[];
  position: number;
}

export interface FunctionNode {
  kind: 'function';
  name: FilterFunctionName;
  args: [OperandNode, OperandNode];
  position: number;
}

export interface LogicalNode {
  kind: 'and' | 'or';
  left: FilterNode;
  right: FilterNode;
}

export interface NotNode {
  kind: 'not';
  operand: FilterNode;
  position: number;
}

export interface LambdaNode {
  kind: 'lambda';
  op: 'any' | 'all';
  collection: PropertyNode;
  /** Absent for the empty form `any()` (true when the collection is not empty). */
  variable?: string;
  predicate?: FilterNode;
  position: number;
}

/** A bare boolean operand (`accountEnabled`, `true`) used as a whole condition. */
export interface BooleanOperandNode {
  kind: 'boolean-operand';
  operand: OperandNode;
}

export type FilterNode =
  | ComparisonNode
  | InNode
  | FunctionNode
  | LogicalNode
  | NotNode
  | LambdaNode
  | BooleanOperandNode;
