/**
 * `.dockerignore` semantics for the build replay: which files of the build context `docker build`
 * would send. A pattern matches a path or any of its parent folders, `!` re-includes, the last
 * matching line wins; `*` and `?` stay within one path segment, `**` spans any number of them.
 * @see https://docs.docker.com/build/concepts/context/#dockerignore-files
 */

interface Rule {
  exclude: boolean;
  pattern: RegExp;
}

/** Returns a predicate: true when `path` (relative to the context, `/`-separated) is left out. */
export function dockerIgnoreMatcher(text: string): (path: string) => boolean {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exclude = !line.startsWith('!');
    const body = (exclude ? line : line.slice(1)).trim().replace(/^\/+|\/+$/g, '');
    if (body !== '') rules.push({ exclude, pattern: globToRegExp(body) });
  }
  return (path: string) => {
    const candidates = parentsAndSelf(path);
    let excluded = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.pattern.test(candidate))) excluded = rule.exclude;
    }
    return excluded;
  };
}

function parentsAndSelf(path: string): string[] {
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  return segments.map((_, index) => segments.slice(0, index + 1).join('/'));
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index]!;
    if (char === '*' && glob[index + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` matches everything below.
      source += glob[index + 2] === '/' ? '(?:.*/)?' : '.*';
      index += glob[index + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
