/**
 * One page of an OData collection cut into its parts without parsing its items: the top-level
 * members other than `value` (links, context, count: small, read as text and parsed on demand) and
 * the bytes between the `[` and `]` of `value`, as Graph sent them. A streamed answer writes those
 * bytes straight into its own `value` array, so an item costs one scan here and no parse, object or
 * re-serialisation.
 *
 * Only for a JsonText: its bytes were already checked to be exactly one JSON object, so this scan
 * tracks nothing but strings and nesting depth, and the spliced items cannot break out of the array
 * they are written into (they are a complete, comma-separated run of JSON values).
 */
import type { JsonText } from './json-text.js';

/** A top-level member of a page: its key and its value exactly as Graph wrote it. */
export interface PageMember {
  key: string;
  text: string;
}

export interface CollectionPageText {
  /** The top-level members other than `value`, in Graph's order. */
  members: PageMember[];
  /** The items of `value`, as slices of Graph's buffers (no copy); empty when it had none. */
  items: Buffer[];
}

/** A member's value parsed (`undefined` when the page has no such member). */
export function pageMember(page: CollectionPageText, key: string): unknown {
  const member = page.members.find((m) => m.key === key);
  return member === undefined ? undefined : JSON.parse(member.text);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export function splitCollectionPage(page: JsonText): CollectionPageText {
  const chunks = page.chunks;
  const starts: number[] = []; // each chunk's offset in the whole body
  const members: PageMember[] = [];
  let items: Buffer[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let readingKey = false;
  let keyStart = -1;
  let key = '';
  let awaitingValue = false;
  let valueStart = -1;
  let lastSignificant = -1; // the last byte at depth >= 1 that is not whitespace
  let itemsFrom = -1; // first byte after `value`'s `[` that is not whitespace; -1 until seen
  let inValueArray = false;
  let base = 0;
  for (const chunk of chunks) {
    starts.push(base);
    const length = chunk.length;
    for (let i = 0; i < length; i += 1) {
      const b = chunk[i]!;
      if (inString) {
        // Most of a page is string bytes: skip to the next quote or backslash.
        while (i < length && chunk[i] !== QUOTE && chunk[i] !== BACKSLASH && !escaped) i += 1;
        if (i === length) break;
        const c = chunk[i]!;
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else {
          inString = false;
          lastSignificant = base + i;
          if (readingKey) {
            readingKey = false;
            key = JSON.parse(textOf(chunks, starts, keyStart, base + i + 1)) as string;
          }
        }
        continue;
      }
      if (isSpace(b)) continue;
      const at = base + i;
      if (awaitingValue) {
        awaitingValue = false;
        valueStart = at;
        inValueArray = depth === 1 && key === 'value' && b === OPEN_ARRAY;
      } else if (inValueArray && itemsFrom < 0 && depth === 2) {
        itemsFrom = at;
      }
      if (b === QUOTE) {
        inString = true;
        if (depth === 1 && valueStart < 0) {
          readingKey = true;
          keyStart = at;
        }
      } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
        depth += 1;
      } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
        if (depth === 2 && inValueArray && b === CLOSE_ARRAY) {
          // `value` ends: its items run from the first significant byte to the last one before `]`.
          if (itemsFrom >= 0 && itemsFrom < at)
            items = slicesOf(chunks, starts, itemsFrom, lastSignificant + 1);
          inValueArray = false;
        }
        depth -= 1;
        if (depth === 0) endMember();
      } else if (depth === 1 && b === COLON) {
        awaitingValue = true;
        continue; // the colon is not part of any value
      } else if (depth === 1 && b === COMMA) {
        endMember();
        continue;
      }
      lastSignificant = at;
    }
    base += length;
  }
  return { members, items };

  function endMember() {
    if (valueStart >= 0 && key !== 'value') {
      members.push({ key, text: textOf(chunks, starts, valueStart, lastSignificant + 1) });
    }
    valueStart = -1;
  }
}

/** The bytes [from, to) of the body, as slices of its chunks. */
function slicesOf(chunks: readonly Buffer[], starts: readonly number[], from: number, to: number): Buffer[] {
  const out: Buffer[] = [];
  for (let c = 0; c < starts.length; c += 1) {
    const start = starts[c]!;
    const chunk = chunks[c]!;
    const end = start + chunk.length;
    if (end <= from || start >= to) continue;
    out.push(chunk.subarray(Math.max(from, start) - start, Math.min(to, end) - start));
  }
  return out;
}

function textOf(chunks: readonly Buffer[], starts: readonly number[], from: number, to: number): string {
  const slices = slicesOf(chunks, starts, from, to);
  return slices.length === 1 ? slices[0]!.toString('utf8') : Buffer.concat(slices).toString('utf8');
}
