/**
 * Follows a collection's pages for an answer that is written as they arrive (StreamedOutput):
 * each page's items are handed on as Graph's bytes (splitCollectionPage), and the next page is
 * asked for while this one is being written, so Graph's latency and the writing overlap. What is
 * held is bounded by the write size, not the result: pages waiting to be written (about 64 KB) and
 * the one on its way. The walk only goes on as fast
 * as the caller reads (the stream it feeds pulls with backpressure), and stops when the caller
 * leaves.
 */
import {
  type CollectionPageText,
  pageMember,
  splitCollectionPage,
} from '../../graph/collection-page-text.js';
import type { RelativeGraphLink } from '../../graph/graph-link.js';
import type { GraphResponse } from '../../graph/graph-request.js';
import { JsonText } from '../../graph/json-text.js';
import type { CapabilityContext } from '../capability.js';
import { fetchPageAsText, followable } from './follow-pages.js';

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');
/** About what one write to the caller carries: a few pages of 100 users. */
const WRITE_BYTES = 64 * 1024;

export interface FetchedPage {
  response: GraphResponse;
  page: CollectionPageText;
}

/** A page on its way; `arrived` once it is in (a failure stays unarrived: awaiting it throws). */
type PendingPage = Promise<FetchedPage> & { arrived?: boolean };

export interface PageWalkOptions {
  maxPages: number;
  headers?: Record<string, string>;
  /** Replaces `followable` for callers that trust fewer links (delta: only /users/delta). */
  follow?: (link: string) => RelativeGraphLink;
  /** Refuses a page (throws) for more than its nextLink, e.g. a deltaLink that must not be kept. */
  check?: (page: CollectionPageText) => void;
}

/** One page, cut into members and item bytes. */
export async function fetchPageText(
  context: CapabilityContext,
  request: { path: string; query: string },
  headers: Record<string, string> | undefined,
): Promise<FetchedPage> {
  const response = await fetchPageAsText(context, request, headers);
  return { response, page: pageTextOf(response.body) };
}

/**
 * A walk that starts at a page already fetched (so that its failure is an ordinary problem answer,
 * before anything is written) and follows `@odata.nextLink` while fewer than `maxPages` pages were
 * read. `pages` and `last` describe the walk so far; once `rawResponse` has ended, the whole walk.
 */
export class PageWalk {
  pages = 1;
  last: FetchedPage;
  /** The second page, asked for at once: a link Graph should not have sent is refused before any byte. */
  readonly #second: PendingPage | undefined;

  constructor(
    private readonly context: CapabilityContext,
    readonly first: FetchedPage,
    private readonly options: PageWalkOptions,
  ) {
    this.last = first;
    this.#second = this.#prefetch(first);
  }

  /**
   * `{` + the first page's members not in `omit` + `"value":[` + every page's items + `]`: an
   * object still open, for the caller to add its own closing members.
   */
  async *openObject(omit: ReadonlySet<string>): AsyncGenerator<Uint8Array | string> {
    const head = this.first.page.members
      .filter((member) => !omit.has(member.key) && member.key !== 'value')
      .map((member) => `${JSON.stringify(member.key)}:${member.text},`);
    // Pages that are in go out together, in writes of up to about WRITE_BYTES: each write is a
    // socket write of its own (a syscall that on loopback also runs the reader's TCP receive), the
    // largest part of the service's own time in the walk (bench profile). Nothing is held back
    // while the next page is still on its way.
    const pending: Buffer[] = [Buffer.from(`{${head.join('')}"value":[`)];
    let pendingBytes = 0;
    let anyItem = false;
    let current = this.first;
    let next = this.#second;
    for (;;) {
      if (current.page.items.length > 0) {
        if (anyItem) pending.push(COMMA);
        anyItem = true;
        for (const slice of current.page.items) {
          pending.push(slice);
          pendingBytes += slice.length;
        }
      }
      if (next === undefined) break;
      if (pendingBytes >= WRITE_BYTES || !next.arrived) {
        yield Buffer.concat(pending);
        pending.length = 0;
        pendingBytes = 0;
      }
      current = await next;
      this.pages += 1;
      this.last = current;
      // Asked for before this page is written, so Graph works while the caller reads.
      next = this.#prefetch(current);
    }
    pending.push(CLOSE);
    yield Buffer.concat(pending);
  }

  /** The next page, already on its way, or undefined at the end of the walk. */
  #prefetch(current: FetchedPage): PendingPage | undefined {
    // Every page's links are checked as it arrives, followed or not: the first page's before any
    // byte is written, so a link Graph should not have sent is a problem answer when it can be.
    this.options.check?.(current.page);
    const link = pageMember(current.page, '@odata.nextLink');
    if (typeof link !== 'string') return undefined;
    const request = this.options.follow ? this.options.follow(link) : followable(this.context, link);
    if (this.pages >= this.options.maxPages) return undefined;
    const next: PendingPage = fetchPageText(this.context, request, this.options.headers);
    // Awaited in the loop; the catch only keeps a caller who left meanwhile from making it unhandled.
    next.then(
      () => {
        next.arrived = true;
      },
      () => {},
    );
    return next;
  }
}

/**
 * A page body as members and items. A JsonText (Graph's JSON object, checked) is cut without
 * parsing; anything else Graph might answer with 2xx (an empty body, parsed JSON) is written from
 * its parsed form, so a strange page still yields a valid answer.
 */
function pageTextOf(body: unknown): CollectionPageText {
  if (body instanceof JsonText) return splitCollectionPage(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { members: [], items: [] };
  const { value, ...rest } = body as Record<string, unknown>;
  const members = Object.entries(rest).map(([key, member]) => ({ key, text: JSON.stringify(member) }));
  const items =
    Array.isArray(value) && value.length > 0
      ? [Buffer.from(value.map((item) => JSON.stringify(item)).join(','))]
      : [];
  return { members, items };
}
