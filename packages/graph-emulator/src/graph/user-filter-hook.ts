// Turns a parsed, already gate-checked `$filter` into a predicate over stored users. The
// default is the OData engine (../odata); buildEmulator accepts another compiler
// (`compileUserFilter`) so tests can swap the predicate while keeping Graph's query rules.

import type { UserProperties } from '../directory/user-record.js';
import type { FilterNode, PropertyNode } from '../odata/filter-ast.js';
import { compileFilter } from '../odata/filter-evaluator.js';
import { USER_PROPERTY_NAMES } from '../odata/user-properties.js';

export type UserPredicate = (user: UserProperties) => boolean;

/**
 * Compiles a `$filter` tree into a predicate. May throw a GraphError or an odata ODataError
 * (both become Graph's error envelope).
 */
export type UserFilterCompiler = (
  filter: FilterNode,
  context: { text: string; consistencyLevelEventual: boolean },
) => UserPredicate;

export const compileEngineFilter: UserFilterCompiler = (filter) => compileFilter(canonicalizePaths(filter));

const CANONICAL = new Map(USER_PROPERTY_NAMES.map((name) => [name.toLowerCase(), name]));

/**
 * Rewrites property names to the stored (canonical) spelling, in place. Graph accepts
 * `displayname`; the evaluator would then fall back to a case-insensitive key scan for every
 * user, which adds up on a 100,000-user tenant.
 */
export function canonicalizePaths(node: FilterNode): FilterNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      canonicalizePaths(node.left);
      canonicalizePaths(node.right);
      break;
    case 'not':
      canonicalizePaths(node.operand);
      break;
    case 'compare':
      fixOperand(node.left);
      fixOperand(node.right);
      break;
    case 'in':
      fixOperand(node.left);
      break;
    case 'function':
      fixOperand(node.args[0]);
      fixOperand(node.args[1]);
      break;
    case 'lambda':
      fixProperty(node.collection);
      if (node.predicate) canonicalizePaths(node.predicate);
      break;
    case 'boolean-operand':
      fixOperand(node.operand);
      break;
  }
  return node;
}

function fixOperand(node: FilterNode | PropertyNode | { kind: 'literal' }): void {
  if (node.kind === 'property') fixProperty(node);
}

function fixProperty(node: PropertyNode): void {
  // Lambda variables (`x/skuId`) address items of a collection; their names stay as written.
  if (node.variable !== undefined) return;
  const first = node.path[0];
  if (first === undefined) return;
  node.path[0] = CANONICAL.get(first.toLowerCase()) ?? first;
  const second = node.path[1];
  if (node.path[0] === 'onPremisesExtensionAttributes' && second !== undefined) {
    node.path[1] = second.replace(/^extensionattribute/i, 'extensionAttribute');
  }
}
