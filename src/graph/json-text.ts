/**
 * A JSON object kept as the bytes Graph sent, for answers the service hands on without looking
 * inside (one page of a user query). Parsing 100 to 999 users only to serialise them again was
 * most of the service's own cost on query-users (bench/RESULTS.md); the route writes these bytes
 * into the response as they are, without even decoding them to a string.
 */
export class JsonText {
  constructor(readonly bytes: Buffer) {}

  /** Any generic serialiser (logs, tests, a fallback path) still sees the object. */
  toJSON(): unknown {
    return JSON.parse(this.bytes.toString('utf8'));
  }
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Whether `bytes` can stand for a JSON object without parsing: the first and last bytes that are
 * not JSON whitespace are `{` and `}`. A body cut short never gets here (undici fails on a short
 * read), so this guards against answers of another kind (a string, an array, HTML), which are
 * parsed and checked as usual.
 */
export function looksLikeJsonObject(bytes: Uint8Array): boolean {
  let start = 0;
  let end = bytes.length - 1;
  while (start <= end && JSON_WHITESPACE.has(bytes[start]!)) start += 1;
  while (end >= start && JSON_WHITESPACE.has(bytes[end]!)) end -= 1;
  return end > start && bytes[start] === OPEN_BRACE && bytes[end] === CLOSE_BRACE;
}
