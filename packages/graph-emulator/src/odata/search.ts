/**
 * `$search` for directory objects: `"property:term"` clauses joined with `AND` / `OR` (adjacent
 * clauses mean AND; AND binds tighter than OR; parentheses group).
 * https://learn.microsoft.com/graph/search-query-parameter#using-search-on-directory-object-collections
 *
 * Any string property `$filter` knows may be searched. Only `displayName` and `description` are
 * tokenized (search-tokens.ts): `"displayName:wa"` finds "Conf Room Washington" but not "Edward".
 * Every other property matches from the start of its whole value: `"mail:adele"` finds
 * adele.vance@fabrikam.com, `"mail:fabrikam"` does not.
 */
import { readProperty } from './filter-evaluator.js';
import { odataErrors } from './odata-error.js';
import { type QuerySchema, searchableProperties } from './query-schema.js';
import { searchTokens, tokensMatch } from './search-tokens.js';
import { canonicalName, USER_QUERY_SCHEMA } from './user-query-support.js';

export type SearchNode =
  | { kind: 'term'; property: string; value: string }
  | { kind: 'and' | 'or'; left: SearchNode; right: SearchNode };

type SearchToken =
  | { kind: 'clause'; text: string; position: number }
  | { kind: 'AND' | 'OR' | '(' | ')' | 'end'; position: number };

function readQuoted(text: string, start: number): { value: string; end: number } {
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      value += text[++i];
    } else if (ch === '"') {
      return { value, end: i + 1 };
    } else {
      value += ch;
    }
  }
  throw odataErrors.invalidSearch(odataErrors.unterminatedString(text.length, text));
}

function tokenizeSearch(text: string): SearchToken[] {
  const tokens: SearchToken[] = [];
  let at = 0;
  while (at < text.length) {
    const ch = text[at]!;
    if (/\s/.test(ch)) {
      at++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch, position: at++ });
    } else if (ch === '"') {
      const { value, end } = readQuoted(text, at);
      tokens.push({ kind: 'clause', text: value, position: at });
      at = end;
    } else {
      const word = /[^\s"()]+/y;
      word.lastIndex = at;
      const text0 = word.exec(text)![0];
      if (text0 === 'AND' || text0 === 'OR') {
        tokens.push({ kind: text0, position: at });
      } else {
        // Graph's search lexer rejects ':' outside quotes (position 11 in 'displayName:room').
        const colon = text0.indexOf(':');
        if (colon >= 0) throw odataErrors.invalidSearch(odataErrors.invalidCharacter(':', at + colon, text));
        throw odataErrors.searchClauseWithoutProperty();
      }
      at += text0.length;
    }
  }
  tokens.push({ kind: 'end', position: text.length });
  return tokens;
}

class SearchParser {
  private index = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: SearchToken[],
    private readonly schema: QuerySchema,
  ) {}

  parse(): SearchNode {
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.syntaxError(rest.position);
    return node;
  }

  private peek(): SearchToken {
    return this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
  }

  private syntaxError(position: number) {
    return odataErrors.invalidSearch(odataErrors.syntaxError(position, this.text));
  }

  private parseOr(): SearchNode {
    let left = this.parseAnd();
    while (this.peek().kind === 'OR') {
      this.index++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): SearchNode {
    let left = this.parseClause();
    for (;;) {
      const next = this.peek();
      if (next.kind === 'AND') this.index++;
      else if (next.kind !== 'clause' && next.kind !== '(') return left;
      left = { kind: 'and', left, right: this.parseClause() };
    }
  }

  private parseClause(): SearchNode {
    const token = this.peek();
    if (token.kind === '(') {
      this.index++;
      const inner = this.parseOr();
      if (this.peek().kind !== ')') throw this.syntaxError(this.peek().position);
      this.index++;
      return inner;
    }
    if (token.kind !== 'clause') throw this.syntaxError(token.position);
    this.index++;
    const colon = token.text.indexOf(':');
    if (colon <= 0) throw odataErrors.searchClauseWithoutProperty();
    const name = token.text.slice(0, colon).trim();
    const searchable = Object.fromEntries(searchableProperties(this.schema).map((p) => [p, true]));
    const property = canonicalName(searchable, name);
    if (property === undefined) throw odataErrors.unsupportedSearchProperty(name, this.schema.resource);
    return { kind: 'term', property, value: token.text.slice(colon + 1) };
  }
}

/** Parses a decoded `$search` value (quotes included), validating property names against the schema. */
export function parseSearch(text: string, schema: QuerySchema = USER_QUERY_SCHEMA): SearchNode {
  if (text.trim() === '') throw odataErrors.invalidSearch(odataErrors.expressionExpected(0, text));
  return new SearchParser(text, tokenizeSearch(text), schema).parse();
}

/** `startsWith` on the whole value for the untokenized properties, token match for the others. */
function compileTerm(property: string, term: string, tokenized: boolean): (subject: object) => boolean {
  const prefix = term.trim().toLowerCase();
  const wanted = searchTokens(term);
  return (subject) => {
    const value = readProperty(subject, property);
    if (typeof value !== 'string') return false;
    if (!tokenized) return prefix !== '' && value.toLowerCase().startsWith(prefix);
    return tokensMatch(searchTokens(value), wanted);
  };
}

/** Turns a parsed `$search` into a predicate over plain objects of the schema's type. */
export function compileSearch(
  node: SearchNode,
  schema: QuerySchema = USER_QUERY_SCHEMA,
): (subject: object) => boolean {
  if (node.kind === 'term') {
    return compileTerm(node.property, node.value, schema.tokenizedSearch.includes(node.property));
  }
  const left = compileSearch(node.left, schema);
  const right = compileSearch(node.right, schema);
  return node.kind === 'and' ? (s) => left(s) && right(s) : (s) => left(s) || right(s);
}
