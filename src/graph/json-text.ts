/**
 * A JSON object kept as the bytes Graph sent, for answers the service hands on without looking
 * inside (a user read or created, one page of a user query). Parsing 100 to 999 users only to
 * serialise them again was most of the service's own cost on query-users (bench/RESULTS.md); the
 * route writes this text into the response as it is.
 *
 * The text is written inside the service's own envelope, so it must be exactly one JSON object:
 * a body such as `{"id":"x"}},"injected":true,"y":{}` would otherwise close the envelope's
 * `rawResponse` early and add keys of its own. `JsonText.ofObject` only makes a JsonText from
 * bytes a full (allocation-free) JSON scan has checked.
 */
export class JsonText {
  /** `chunks`: the body as it arrived, in order. */
  private constructor(readonly chunks: readonly Buffer[]) {}

  /** The chunks as a JsonText when they hold one JSON object and nothing else, else undefined. */
  static ofObject(chunks: readonly Buffer[]): JsonText | undefined {
    return isJsonObjectText(chunks) ? new JsonText(chunks) : undefined;
  }

  /** The JSON text, decoded once (no join when it came in one chunk, as most pages do). */
  text(): string {
    const [only] = this.chunks;
    return this.chunks.length === 1 && only
      ? only.toString('utf8')
      : Buffer.concat(this.chunks).toString('utf8');
  }

  /** Any generic serialiser (logs, tests, a fallback path) still sees the object. */
  toJSON(): unknown {
    return JSON.parse(this.text());
  }
}

// Scanner states. A number or literal ends at the first byte that cannot continue it, which is
// then read again as what follows a value.
const VALUE = 0; // a value must come (at the start, after `:`, or after `,` in an array)
const FIRST_KEY = 1; // after `{`: a key or `}`
const KEY = 2; // after `,` in an object: a key
const COLON = 3; // after a key
const AFTER = 4; // after a value: `,`, the closing bracket, or (at the top) nothing
const STRING = 5;
const ESCAPE = 6; // after `\` in a string
const HEX = 7; // inside `\uXXXX`
const LITERAL = 8; // inside true, false or null
const N_MINUS = 9; // after `-`
const N_ZERO = 10; // a leading 0: no more integer digits
const N_INT = 11;
const N_DOT = 12; // after `.`: a digit must come
const N_FRAC = 13;
const N_E = 14; // after `e`: a sign or a digit
const N_E_SIGN = 15; // after the exponent's sign: a digit
const N_EXP = 16;
const FIRST_ITEM = 17; // after `[`: a value or `]`

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LITERALS: Record<number, string> = { 116: 'true', 102: 'false', 110: 'null' };
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
const isHex = (b: number) => isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
/** 1 for the bytes that end a run of plain string bytes: `"`, `\` and the controls a string may not hold. */
const ENDS_STRING_RUN = new Uint8Array(256);
for (let b = 0; b < 0x20; b += 1) ENDS_STRING_RUN[b] = 1;
ENDS_STRING_RUN[QUOTE] = 1;
ENDS_STRING_RUN[BACKSLASH] = 1;
/** Bytes that may follow `\` in a JSON string: " \ / b f n r t (u is handled apart). */
const SIMPLE_ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

/**
 * Whether the bytes are one JSON object (RFC 8259), optionally surrounded by whitespace: one pass,
 * no allocation beyond the bracket stack, state carried across chunk boundaries. UTF-8 inside
 * strings is not checked: decoding turns a bad sequence into U+FFFD, which cannot change structure.
 */
export function isJsonObjectText(chunks: readonly Uint8Array[]): boolean {
  const open: number[] = []; // 0x7b `{` or 0x5b `[`, innermost last
  let state = VALUE;
  let inKey = false;
  let literal = '';
  let literalAt = 0;
  let hexLeft = 0;
  for (const chunk of chunks) {
    const length = chunk.length;
    let i = 0;
    while (i < length) {
      const b = chunk[i]!;
      switch (state) {
        case STRING: {
          // The hot loop: most of a user is string bytes.
          while (i < length && !ENDS_STRING_RUN[chunk[i]!]) i += 1;
          if (i === length) continue;
          const c = chunk[i]!;
          if (c < 0x20) return false;
          state = c === BACKSLASH ? ESCAPE : inKey ? COLON : AFTER;
          break;
        }
        case ESCAPE:
          if (b === 0x75) {
            state = HEX;
            hexLeft = 4;
          } else if (SIMPLE_ESCAPES.has(b)) state = STRING;
          else return false;
          break;
        case HEX:
          if (!isHex(b)) return false;
          hexLeft -= 1;
          if (hexLeft === 0) state = STRING;
          break;
        case LITERAL:
          if (b !== literal.charCodeAt(literalAt)) return false;
          literalAt += 1;
          if (literalAt === literal.length) state = AFTER;
          break;
        case N_MINUS:
          if (b === 0x30) state = N_ZERO;
          else if (isDigit(b)) state = N_INT;
          else return false;
          break;
        case N_DOT:
          if (!isDigit(b)) return false;
          state = N_FRAC;
          break;
        case N_E:
          if (b === 0x2b || b === 0x2d) state = N_E_SIGN;
          else if (isDigit(b)) state = N_EXP;
          else return false;
          break;
        case N_E_SIGN:
          if (!isDigit(b)) return false;
          state = N_EXP;
          break;
        case N_ZERO:
        case N_INT:
        case N_FRAC:
        case N_EXP:
          if (isDigit(b) && state !== N_ZERO) break;
          if (b === 0x2e && (state === N_ZERO || state === N_INT)) {
            state = N_DOT;
            break;
          }
          if ((b === 0x65 || b === 0x45) && state !== N_EXP) {
            state = N_E;
            break;
          }
          state = AFTER;
          continue; // the number ended; read this byte again
        case FIRST_ITEM:
          if (isSpace(b)) break;
          if (b === 0x5d) {
            open.pop();
            state = AFTER;
            break;
          }
          state = VALUE;
          continue; // not `]`: read this byte again as the first value
        case VALUE:
          if (isSpace(b)) break;
          // The top level holds one object, no other kind of value.
          if (open.length === 0 && b !== 0x7b) return false;
          if (b === 0x7b || b === 0x5b) {
            open.push(b);
            state = b === 0x7b ? FIRST_KEY : FIRST_ITEM;
          } else if (b === QUOTE) {
            inKey = false;
            state = STRING;
          } else if (b === 0x2d) state = N_MINUS;
          else if (b === 0x30) state = N_ZERO;
          else if (isDigit(b)) state = N_INT;
          else if (LITERALS[b] !== undefined) {
            literal = LITERALS[b]!;
            literalAt = 1;
            state = LITERAL;
          } else return false;
          break;
        case FIRST_KEY:
        case KEY:
          if (isSpace(b)) break;
          if (b === QUOTE) {
            inKey = true;
            state = STRING;
          } else if (b === 0x7d && state === FIRST_KEY) {
            open.pop();
            state = AFTER;
          } else return false;
          break;
        case COLON:
          if (isSpace(b)) break;
          if (b !== 0x3a) return false;
          state = VALUE;
          break;
        default: {
          // AFTER a value.
          if (isSpace(b)) break;
          if (open.length === 0) return false; // something after the top-level object
          const inner = open[open.length - 1];
          if (b === 0x2c) state = inner === 0x7b ? KEY : VALUE;
          else if ((b === 0x7d && inner === 0x7b) || (b === 0x5d && inner === 0x5b)) open.pop();
          else return false;
        }
      }
      i += 1;
    }
  }
  return state === AFTER && open.length === 0;
}
