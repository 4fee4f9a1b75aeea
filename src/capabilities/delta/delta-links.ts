import type { RelativeGraphLink } from '../../graph/graph-link.js';
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

/**
 * The one rule for what a sync cursor may hold: a link (below our Graph's version root) to the
 * users delta function. PUT /sync-cursors and query-user-changes both ask it, so the service never
 * stores a link the other would refuse.
 */
export function isCursorLink(link: RelativeGraphLink): boolean {
  return /^\/users\/(microsoft\.graph\.)?delta$/i.test(link.path);
}
