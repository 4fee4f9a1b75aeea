/**
 * Tokenizer for Graph's `$filter` subset. Keywords (`eq`, `and`, `any`...) stay identifiers: the
 * parser decides by position, as OData does, so a property called `in` would still lex.
 */
import { odataErrors } from './odata-error.js';

export type TokenKind =
  | 'identifier'
  | 'string'
  | 'guid'
  | 'datetime'
  | 'date'
  | 'number'
  | '('
  | ')'
  | ','
  | '/'
  | ':'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (strings: the unescaped value). */
  text: string;
  /** Offset of the first character. */
  position: number;
  /** Offset just past the token: what ODL reports as "position" in trailing-token errors. */
  end: number;
}

// Sticky regexes so each match is anchored at the cursor without slicing the input.
const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/y;
const DATETIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})(?![\w:.])/y;
const DATE = /\d{4}-\d{2}-\d{2}(?![\w:-])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])/y;
const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_]*/y;
const PUNCTUATION = new Set(['(', ')', ',', '/', ':']);

function matchAt(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(text)?.[0];
}

/** Reads a `'...'` literal starting at `start` (the opening quote); `''` is an escaped quote. */
function readString(text: string, start: number): Token {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'") {
      if (text[i + 1] === "'") {
        value += "'";
        i += 2;
        continue;
      }
      return { kind: 'string', text: value, position: start, end: i + 1 };
    }
    value += ch;
    i++;
  }
  throw odataErrors.invalidFilter(odataErrors.unterminatedString(text.length, text));
}

function readToken(text: string, at: number): Token {
  const ch = text[at]!;
  if (ch === "'") return readString(text, at);
  if (PUNCTUATION.has(ch)) return { kind: ch as TokenKind, text: ch, position: at, end: at + 1 };
  const typed: Array<[TokenKind, RegExp]> = [
    ['guid', GUID],
    ['datetime', DATETIME],
    ['date', DATE],
    ['number', NUMBER],
    ['identifier', IDENTIFIER],
  ];
  for (const [kind, re] of typed) {
    const m = matchAt(re, text, at);
    if (m !== undefined) return { kind, text: m, position: at, end: at + m.length };
  }
  throw odataErrors.invalidFilter(odataErrors.invalidCharacter(ch, at, text));
}

/** Splits a decoded `$filter` value into tokens, ending with one `end` token. */
export function tokenizeFilter(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const ch = text[at]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      at++;
      continue;
    }
    const token = readToken(text, at);
    tokens.push(token);
    at = token.end;
  }
  tokens.push({ kind: 'end', text: '', position: text.length, end: text.length });
  return tokens;
}
