import { problem } from '../../errors/problem.js';
import { type RelativeGraphLink, relativeGraphLink } from '../../graph/graph-link.js';
import type { GraphRequest, GraphResponse } from '../../graph/graph-request.js';
import type { CapabilityContext } from '../capability.js';

/** One page of an OData collection as Graph sends it. */
export interface CollectionPage {
  '@odata.context'?: string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  value?: unknown[];
  [key: string]: unknown;
}

/** Turns a Graph link into a request we may send, or refuses it (it is not under our Graph root). */
export function followable(context: CapabilityContext, link: string) {
  const relative = relativeGraphLink(link, context.graph.cloud.graphBaseUrl, context.graphApiVersion);
  if (!relative) {
    throw problem(
      'GRAPH_UNEXPECTED_LINK',
      'A paging link did not point back at the configured Graph origin and version; it was not followed.',
    );
  }
  return relative;
}

/**
 * Fetches `path?query`, then follows `@odata.nextLink` while fewer than `maxPages` pages have been
 * read, resending `headers` on every page (Graph does not carry them in the link). Stops early at a
 * page without nextLink. Returns every item, the first page's metadata and the last page.
 */
export async function followPages(
  context: CapabilityContext,
  first: { path: string; query: string },
  options: {
    maxPages: number;
    headers?: Record<string, string>;
    /** Replaces `followable` for callers that trust fewer links (delta: only /users/delta). */
    follow?: (link: string) => RelativeGraphLink;
  },
): Promise<{
  items: unknown[];
  firstPage: CollectionPage;
  lastPage: CollectionPage;
  response: GraphResponse;
  pages: number;
}> {
  const items: unknown[] = [];
  let request = first;
  let pages = 0;
  let firstPage: CollectionPage | undefined;
  for (;;) {
    const response = await context.graph.send<CollectionPage>(pageRequest(context, request, options.headers));
    pages += 1;
    const page = response.body ?? {};
    firstPage ??= page;
    if (Array.isArray(page.value)) items.push(...page.value);
    const next = page['@odata.nextLink'];
    if (typeof next !== 'string' || pages >= options.maxPages) {
      return { items, firstPage, lastPage: page, response, pages };
    }
    request = options.follow ? options.follow(next) : followable(context, next);
  }
}

/** One page, its body left as Graph's JSON text (a JsonText) when it is a JSON object. */
export function fetchPageAsText(
  context: CapabilityContext,
  page: { path: string; query: string },
  headers: Record<string, string> | undefined,
): Promise<GraphResponse> {
  return context.graph.send({ ...pageRequest(context, page, headers), responseType: 'json-text' });
}

function pageRequest(
  context: CapabilityContext,
  page: { path: string; query: string },
  headers: Record<string, string> | undefined,
): GraphRequest {
  return {
    connection: context.connection,
    method: 'GET',
    path: page.path,
    query: page.query,
    ...(headers ? { headers } : {}),
    requestId: context.requestId,
    deadline: context.deadline,
  };
}

/**
 * A capability's `notInBatch` for `maxPages`: each further page is one more round trip after the
 * last, so a batch item reads one page only.
 */
export function beyondOnePage(maxPages: number | undefined): string | undefined {
  return (maxPages ?? 1) > 1
    ? `maxPages ${maxPages} follows several pages one after another; in a batch an item reads one page (maxPages 1).`
    : undefined;
}
