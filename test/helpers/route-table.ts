import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
}

/**
 * Every method + full path the app serves, read from Fastify's own route tree, so a test built on
 * it covers routes added later without being told about them.
 */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  const entries: RouteEntry[] = [];
  const ancestors: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const branch = line.search(/[├└]── /);
    if (branch < 0) continue;
    const depth = branch / 4;
    const match = /^(.*) \(([^)]+)\)$/.exec(line.slice(branch + 4));
    if (!match?.[1] || !match[2]) continue;
    ancestors.length = depth;
    ancestors.push(match[1]);
    const url = ancestors.join('').replace(/\/+/g, '/');
    for (const method of match[2].split(', ')) entries.push({ method, url });
  }
  return entries;
}
