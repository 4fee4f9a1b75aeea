import type { LinkKind } from '../../stores/cursor-store.js';

/** The opaque token in a delta round's link: `$skiptoken` mid-round, `$deltatoken` between rounds. */
export function linkToken(link: string | undefined, name: '$skiptoken' | '$deltatoken'): string | undefined {
  if (!link) return undefined;
  const query = link.includes('?') ? link.slice(link.indexOf('?') + 1) : '';
  for (const part of query.split('&')) {
    const equals = part.indexOf('=');
    const key = decodeURIComponent(equals < 0 ? part : part.slice(0, equals)).toLowerCase();
    if (key === name) return decodeURIComponent(part.slice(equals + 1));
  }
  return undefined;
}

export function linkKindOf(link: string): LinkKind {
  return linkToken(link, '$deltatoken') !== undefined ? 'delta' : 'next';
}

/** Whether a path below the version root is the users delta function. */
export function isUsersDeltaPath(path: string): boolean {
  return /^\/users\/(microsoft\.graph\.)?delta$/i.test(path);
}
