/**
 * How Graph tokenizes `displayName` and `description` for `$search` on directory objects, as
 * Microsoft describes it (https://learn.microsoft.com/graph/search-query-parameter#using-search-on-directory-object-collections):
 * - spaces separate words: `hello world` -> hello, world;
 * - a change from lowercase to uppercase starts a word: `HelloWorld` -> hello, world, but
 *   `HELLOworld` stays one word (helloworld) and `HelloWORld` gives hello, world;
 * - digits form their own words: `hello123world` -> hello, 123, world;
 * - every symbol is a token of its own, and the words a symbol joins also form one token:
 *   `hello.world` -> hello, ., world, helloworld (so `helloworld` finds `hello-world`).
 * Tokens compare without regard to case. Letters without case (CJK) simply run together.
 */

type CharKind = 'lower' | 'upper' | 'caseless' | 'digit' | 'symbol';

function kindOf(ch: string): CharKind {
  if (/\p{N}/u.test(ch)) return 'digit';
  if (!/\p{L}/u.test(ch)) return 'symbol';
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  if (lower === upper) return 'caseless';
  return ch === lower ? 'lower' : 'upper';
}

/** Tokens of one whitespace-free run of characters. */
function runTokens(run: string): string[] {
  const tokens: string[] = [];
  const words: string[] = [];
  let word = '';
  let previous: CharKind | undefined;
  let sawSymbol = false;
  const flush = () => {
    if (word !== '') words.push(word);
    word = '';
  };
  for (const ch of run) {
    const kind = kindOf(ch);
    if (kind === 'symbol') {
      flush();
      tokens.push(...words.splice(0), ch);
      sawSymbol = true;
      previous = kind;
      continue;
    }
    const startsWord =
      previous === undefined ||
      previous === 'symbol' ||
      (kind === 'digit') !== (previous === 'digit') ||
      (kind === 'upper' && previous === 'lower');
    if (startsWord) flush();
    word += ch;
    previous = kind;
  }
  flush();
  tokens.push(...words);
  if (sawSymbol) {
    const joined = [...run].filter((ch) => kindOf(ch) !== 'symbol').join('');
    if (joined !== '') tokens.push(joined);
  }
  return [...new Set(tokens.map((token) => token.toLowerCase()))];
}

export function searchTokens(value: string): string[] {
  return value
    .split(/\s+/)
    .filter((run) => run !== '')
    .flatMap(runTokens);
}

/** Every wanted token (of the search text) starts some token of the value, in any order. */
export function tokensMatch(valueTokens: readonly string[], wanted: readonly string[]): boolean {
  if (wanted.length === 0) return false;
  return wanted.every((w) => valueTokens.some((t) => t.startsWith(w)));
}
