/**
 * Recursive-descent parser for Graph's `$filter` subset (https://learn.microsoft.com/graph/filter-query-parameter):
 *
 *   filter     := or END
 *   or         := and ('or' and)*
 *   and        := unary ('and' unary)*
 *   unary      := 'not' unary | comparison
 *   comparison := '(' or ')' | function | operand [cmpOp operand | 'in' '(' literal (',' literal)* ')']
 *   operand    := literal | path ['/' ('any'|'all') '(' [var ':' or] ')'] | path '/$count'
 *
 * Keywords are case-insensitive because Graph's own docs write both `NOT(...)` and `startsWith`.
 * Leniency on purpose: `not a eq b` reads as `not (a eq b)` (ODL would bind `not` tighter and fail
 * in its binder); no test depends on Graph rejecting it.
 */
import type {
  ComparisonOperator,
  FilterFunctionName,
  FilterNode,
  LambdaNode,
  LiteralNode,
  OperandNode,
  PropertyNode,
} from './filter-ast.js';
import { type Token, tokenizeFilter } from './filter-lexer.js';
import { odataErrors } from './odata-error.js';

const COMPARISON: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: ReadonlySet<string> = new Set(['startswith', 'endswith', 'contains']);

class FilterParser {
  private readonly tokens: Token[];
  private index = 0;
  private readonly lambdaVariables: string[] = [];

  constructor(private readonly text: string) {
    this.tokens = tokenizeFilter(text);
  }

  parse(): FilterNode {
    if (this.peek().kind === 'end') this.fail(odataErrors.expressionExpected(0, this.text));
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') this.fail(odataErrors.syntaxError(next.end, this.text));
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'identifier' && token.text.toLowerCase() === word;
  }

  private fail(detail: string): never {
    throw odataErrors.invalidFilter(detail);
  }

  private expect(kind: Token['kind'], message: (position: number, text: string) => string): Token {
    const token = this.peek();
    if (token.kind !== kind) this.fail(message(token.position, this.text));
    return this.next();
  }

  private parseOr(): FilterNode {
    let left = this.parseAnd();
    while (this.isKeyword(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): FilterNode {
    let left = this.parseUnary();
    while (this.isKeyword(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): FilterNode {
    const token = this.peek();
    if (this.isKeyword(token, 'not')) {
      this.next();
      return { kind: 'not', operand: this.parseUnary(), position: token.position };
    }
    return this.parseComparison();
  }

  private parseComparison(): FilterNode {
    const token = this.peek();
    if (token.kind === '(') {
      this.next();
      const inner = this.parseOr();
      this.expect(')', odataErrors.closeParenOrOperatorExpected);
      return inner;
    }
    if (token.kind === 'identifier' && this.peek(1).kind === '(') {
      return this.withBooleanComparison(this.parseFunction());
    }
    const left = this.parseOperand();
    if (left.kind === 'lambda') return this.withBooleanComparison(left);
    const op = this.peek();
    if (op.kind === 'identifier' && COMPARISON.has(op.text.toLowerCase())) {
      this.next();
      const right = this.parseOperand();
      if (right.kind === 'lambda') this.fail(odataErrors.syntaxError(right.position, this.text));
      const operator = op.text.toLowerCase() as ComparisonOperator;
      return { kind: 'compare', op: operator, left, right, position: op.position };
    }
    if (this.isKeyword(op, 'in')) {
      this.next();
      return { kind: 'in', left, values: this.parseLiteralList(), position: op.position };
    }
    return { kind: 'boolean-operand', operand: left };
  }

  /** `startswith(p,'x') eq true` is legal OData; fold it so the evaluator sees one shape. */
  private withBooleanComparison(node: FilterNode): FilterNode {
    const op = this.peek();
    const isEqNe = this.isKeyword(op, 'eq') || this.isKeyword(op, 'ne');
    const literal = this.peek(1);
    if (!isEqNe || literal.kind !== 'identifier') return node;
    const value = literal.text.toLowerCase();
    if (value !== 'true' && value !== 'false') return node;
    this.next();
    this.next();
    const keep = (value === 'true') === (op.text.toLowerCase() === 'eq');
    return keep ? node : { kind: 'not', operand: node, position: op.position };
  }

  private parseFunction(): FilterNode {
    const nameToken = this.next();
    const name = nameToken.text.toLowerCase();
    if (!FUNCTIONS.has(name)) throw odataErrors.invalidFilter(odataErrors.unknownFunction(nameToken.text));
    this.next(); // '('
    const first = this.parseScalarOperand();
    this.expect(',', odataErrors.closeParenOrCommaExpected);
    const second = this.parseScalarOperand();
    this.expect(')', odataErrors.closeParenOrCommaExpected);
    return {
      kind: 'function',
      name: name as FilterFunctionName,
      args: [first, second],
      position: nameToken.position,
    };
  }

  private parseLiteralList(): LiteralNode[] {
    this.expect('(', odataErrors.openParenExpected);
    const values: LiteralNode[] = [];
    for (;;) {
      const operand = this.parseScalarOperand();
      if (operand.kind !== 'literal') this.fail(odataErrors.syntaxError(operand.position, this.text));
      values.push(operand);
      if (this.peek().kind === ',') {
        this.next();
        continue;
      }
      this.expect(')', odataErrors.closeParenOrCommaExpected);
      return values;
    }
  }

  private parseScalarOperand(): OperandNode {
    const operand = this.parseOperand();
    if (operand.kind === 'lambda') this.fail(odataErrors.syntaxError(operand.position, this.text));
    return operand;
  }

  private parseOperand(): OperandNode | LambdaNode {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
      case 'guid':
      case 'datetime':
      case 'date':
        this.next();
        return { kind: 'literal', type: token.kind, value: token.text, position: token.position };
      case 'number':
        this.next();
        return { kind: 'literal', type: 'number', value: Number(token.text), position: token.position };
      case 'identifier':
        return this.parseIdentifierOperand();
      default:
        return this.fail(odataErrors.expressionExpected(token.position, this.text));
    }
  }

  private parseIdentifierOperand(): OperandNode | LambdaNode {
    const token = this.next();
    const lower = token.text.toLowerCase();
    if (lower === 'true' || lower === 'false') {
      return { kind: 'literal', type: 'boolean', value: lower === 'true', position: token.position };
    }
    if (lower === 'null') return { kind: 'literal', type: 'null', value: null, position: token.position };
    const property: PropertyNode = { kind: 'property', path: [], position: token.position };
    if (this.lambdaVariables.includes(token.text)) property.variable = token.text;
    else property.path.push(token.text);
    while (this.peek().kind === '/') {
      this.next();
      const segment = this.expect('identifier', odataErrors.expressionExpected);
      const segmentLower = segment.text.toLowerCase();
      if ((segmentLower === 'any' || segmentLower === 'all') && this.peek().kind === '(') {
        return this.parseLambda(property, segmentLower, segment.position);
      }
      if (segmentLower === '$count') {
        property.count = true;
        return property;
      }
      property.path.push(segment.text);
    }
    return property;
  }

  private parseLambda(collection: PropertyNode, op: 'any' | 'all', position: number): LambdaNode {
    this.next(); // '('
    if (this.peek().kind === ')') {
      this.next();
      return { kind: 'lambda', op, collection, position };
    }
    const variable = this.expect('identifier', odataErrors.expressionExpected).text;
    this.expect(':', odataErrors.syntaxError);
    this.lambdaVariables.push(variable);
    const predicate = this.parseOr();
    this.lambdaVariables.pop();
    this.expect(')', odataErrors.closeParenOrOperatorExpected);
    return { kind: 'lambda', op, collection, variable, predicate, position };
  }
}

/** Parses a decoded `$filter` value. Throws `ODataError` (400, Graph's texts) on syntax errors. */
export function parseFilter(text: string): FilterNode {
  return new FilterParser(text).parse();
}
