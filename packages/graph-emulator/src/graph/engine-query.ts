// The raw query string of a Graph call as the OData engine (../odata) reads it. The
// engine only looks at `$`-options; beta also accepts them without the `$`, so on beta a bare
// system option name gets its `$` back before parsing. https://learn.microsoft.com/graph/query-parameters

import type { GraphContext } from './graph-context.js';

const SYSTEM_OPTIONS = new Set([
  'filter',
  'select',
  'orderby',
  'top',
  'skip',
  'skiptoken',
  'deltatoken',
  'count',
  'search',
  'expand',
]);

export function engineQueryText(ctx: GraphContext): string {
  if (ctx.version !== 'beta') return ctx.query.raw;
  return ctx.query.raw
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
      return SYSTEM_OPTIONS.has(name) ? `$${part}` : part;
    })
    .join('&');
}

/** The `ConsistencyLevel` request header, as the advanced-query gate takes it. */
export function consistencyLevel(ctx: GraphContext): string | undefined {
  const header = ctx.request.headers['consistencylevel'];
  return Array.isArray(header) ? header[0] : header;
}
