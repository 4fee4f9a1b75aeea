/**
 * A JSON object kept as the bytes Graph sent, for answers the service hands on without looking
 * inside (a user read or created, one page of a user query). Parsing 100 to 999 users only to
 * serialise them again was most of the service's own cost on query-users (bench/RESULTS.md); the
 * route writes this text into the response as it is.
 */
export class JsonText {
  /** `chunks`: the body as it arrived, in order. */
  constructor(readonly chunks: readonly Buffer[]) {}

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

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const isJsonWhitespace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * Whether the body can stand for a JSON object without parsing: the first and last bytes that are
 * not JSON whitespace are `{` and `}` (two different bytes). A body cut short never gets here
 * (undici fails on a short read), so this guards against answers of another kind (a string, an
 * array, HTML), which are parsed and checked as usual.
 */
export function looksLikeJsonObject(chunks: readonly Uint8Array[]): boolean {
  const length = chunks.reduce((total, chunk) => total + chunk.length, 0);
  let first = 0;
  while (first < length && isJsonWhitespace(byteAt(chunks, first))) first += 1;
  let last = length - 1;
  while (last > first && isJsonWhitespace(byteAt(chunks, last))) last -= 1;
  return last > first && byteAt(chunks, first) === OPEN_BRACE && byteAt(chunks, last) === CLOSE_BRACE;
}

/** The byte at `index` of the chunks read as one sequence (whitespace runs are short: few calls). */
function byteAt(chunks: readonly Uint8Array[], index: number): number {
  let offset = index;
  for (const chunk of chunks) {
    if (offset < chunk.length) return chunk[offset]!;
    offset -= chunk.length;
  }
  return -1;
}
