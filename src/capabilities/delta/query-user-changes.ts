import { Type } from '@sinclair/typebox';
import { problem } from '../../errors/problem.js';
import { type CollectionPageText, pageMember } from '../../graph/collection-page-text.js';
import { formatRelativeLink, parseRelativeLink, type RelativeGraphLink } from '../../graph/graph-link.js';
import type { CursorKey, SyncCursor } from '../../stores/cursor-store.js';
import type { CapabilityContext, DeliveryTask } from '../capability.js';
import { defineCapability, StreamedOutput } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  exampleContext,
  exampleOutput,
  SyncKeySchema,
  UserRepresentationSchema,
} from '../common/common-schemas.js';
import { followable } from '../common/follow-pages.js';
import { fetchPageText, PageWalk } from '../common/streamed-pages.js';
import { encodeUserQuery, parseUserQuery } from '../common/user-query.js';
import { isExpiredDeltaToken } from './delta-expiry.js';
import { isCursorLink, linkKindOf, linkToken } from './delta-links.js';

const DELTA_OPTIONS = ['$select', '$filter', '$deltatoken', '$skiptoken'];

/** A delta `userQuery` in the one form cursors keep, so equal queries compare equal. */
export function normalizedDeltaQuery(userQuery: string): string {
  return encodeUserQuery(parseUserQuery(userQuery, DELTA_OPTIONS));
}
const DELTA_PATH = '/users/delta';

const QueryUserChangesInputSchema = capabilityInput(
  {
    userQuery: Type.Optional(
      Type.String({
        maxLength: 8192,
        description:
          'Initial query ("$select=givenName,surname"), "$deltatoken=latest" to start from now, or a later "$deltatoken=..." / "$skiptoken=..." from a previous output. With syncKey, only needed on the first call.',
      }),
    ),
    syncKey: Type.Optional(SyncKeySchema),
    maxPages: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10_000,
        description: 'Stop after this many pages (default: follow nextLinks until the deltaLink).',
      }),
    ),
    commit: Type.Optional(
      Type.Boolean({
        default: true,
        description:
          'With syncKey: advance the stored cursor to the returned link once this answer has been written in full to the caller (a caller gone before that gets the same changes again). false leaves it for PUT /sync-cursors/{syncKey} after you processed the changes.',
      }),
    ),
    onExpired: Type.Optional(
      Type.Union([Type.Literal('restart'), Type.Literal('error')], {
        default: 'restart',
        description: 'When Graph says the token expired: start a full sync from the original query, or fail.',
      }),
    ),
    minimal: Type.Optional(
      Type.Boolean({
        description: 'Send Prefer: return=minimal: updated users carry only changed properties.',
      }),
    ),
  },
  { userQuery: '$select=displayName,givenName,surname,mail', syncKey: 'hr-directory-sync' },
);

const DeltaRawSchema = Type.Object(
  {
    '@odata.context': Type.Optional(Type.String()),
    '@odata.nextLink': Type.Optional(Type.String()),
    '@odata.deltaLink': Type.Optional(Type.String()),
    skiptoken: Type.Optional(Type.String()),
    deltatoken: Type.Optional(Type.String()),
    value: Type.Array(UserRepresentationSchema),
  },
  { additionalProperties: true },
);

export const queryUserChanges = defineCapability({
  id: 'query-user-changes',
  name: 'Query User Changes',
  operationId: 'queryUserChanges',
  tag: 'users',
  summary: 'Users created, changed or deleted since the previous query (Graph delta)',
  description:
    'Graph `GET /users/delta`. Without syncKey the caller keeps the token: send the initial query, then `$deltatoken=...` from the output. With syncKey the service keeps the cursor (per tenant and client id): each call resumes from it, and `commit` decides whether it advances. An expired token restarts from the original query (`resynced: true`) unless `onExpired` is `error`.',
  input: QueryUserChangesInputSchema,
  output: capabilityOutput(DeltaRawSchema, {
    syncKey: Type.Optional(Type.String()),
    resynced: Type.Boolean(),
    pages: Type.Integer(),
    committed: Type.Boolean({
      description:
        'Whether the stored cursor advances to the returned link: it does as soon as this answer has been written in full to a caller still connected.',
    }),
    cursorVersion: Type.Optional(
      Type.Integer({ description: "The cursor's version once this call's commit (if any) is done." }),
    ),
  }),
  errorStatuses: [409, 410],
  mutates: () => false,
  problemExamples: { 409: 'CURSOR_CONFLICT', 410: 'SYNC_TOKEN_EXPIRED' },
  outputExample: exampleOutput(
    {
      '@odata.context': exampleContext('users(displayName,givenName,surname,mail)'),
      '@odata.deltaLink':
        'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-9O7nSU',
      deltatoken: 'oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-9O7nSU',
      value: [
        {
          id: 'cdcff99e-0616-4e84-98ec-d33f1f837766',
          displayName: 'Priya Quinn',
          givenName: 'Priya',
          surname: 'Quinn',
          mail: 'priya.quinn@contoso.com',
        },
      ],
    },
    200,
    { syncKey: 'hr-directory-sync', resynced: false, pages: 1, committed: true, cursorVersion: 1 },
  ),
  notInBatch: () =>
    'query-user-changes follows a delta round page by page and moves a stored cursor; call it on its own.',
  async run(context, input) {
    const options = parseUserQuery(input.userQuery, DELTA_OPTIONS);
    const key: CursorKey | undefined = input.syncKey
      ? {
          tenantId: context.connection.tenantId.toLowerCase(),
          clientId: context.connection.clientId,
          syncKey: input.syncKey,
        }
      : undefined;
    // A cursor's scope is only as good as the credentials naming it: prove them before reading it.
    if (key) await context.proveConnection();
    const cursor = key ? await context.cursors.get(key) : null;
    const initialQuery = cursor ? cursor.userQuery : encodeUserQuery(options);
    if (cursor && input.userQuery !== undefined && encodeUserQuery(options) !== cursor.userQuery) {
      throw problem(
        'SYNC_QUERY_MISMATCH',
        `syncKey '${cursor.syncKey}' tracks "${cursor.userQuery}". Omit userQuery to resume, or DELETE /sync-cursors/${cursor.syncKey} to start over.`,
      );
    }
    const start = cursor ? parseRelativeLink(cursor.link) : { path: DELTA_PATH, query: initialQuery };
    const headers = input.minimal ? { Prefer: 'return=minimal' } : undefined;
    const walkOptions = {
      maxPages: input.maxPages ?? 10_000,
      follow: (link: string) => deltaLinkFromGraph(context, link),
      check: (page: CollectionPageText) => {
        const delta = pageMember(page, '@odata.deltaLink');
        if (typeof delta === 'string') deltaLinkFromGraph(context, delta);
      },
      ...(headers ? { headers } : {}),
    };

    // Only the first page can be restarted from: once a byte is written, a failure cuts the answer
    // off (streamed-envelope.ts) and the cursor stays where it was, so the next call gets here again.
    let resynced = false;
    let walk: PageWalk;
    try {
      walk = new PageWalk(context, await fetchPageText(context, start, headers), walkOptions);
    } catch (error) {
      if (!isExpiredDeltaToken(error)) throw error;
      const restart = restartFrom(input.onExpired ?? 'restart', initialQuery);
      walk = new PageWalk(context, await fetchPageText(context, restart, headers), walkOptions);
      resynced = true;
    }

    const commitWanted = Boolean(key && (input.commit ?? true));
    // A sync begun with commit false is kept from its first call, at where it started: nothing is
    // skipped, and PUT /sync-cursors later only moves a cursor that knows its query. Written before
    // the answer starts, so that a store failure is still an ordinary problem answer.
    const firstLink = linkOf(walk.first.page);
    const created =
      key && !cursor && !commitWanted && firstLink
        ? await context.cursors.put(
            key,
            startingCursor(initialQuery, deltaLinkFromGraph(context, firstLink), firstLink),
            0,
          )
        : null;
    // Where the walk ended, once it has: the link to resume from, checked whether or not it is
    // stored now (the caller may hand it to PUT /sync-cursors later).
    let ended: { link: string; resumeAt: RelativeGraphLink } | undefined;
    if (commitWanted) {
      // The cursor moves only once the caller has the whole answer: a caller that left, or a
      // service killed before that, gets these changes again on the next call instead of losing them.
      context.afterDelivery(commitOnDelivery(context, key!, cursor, () => ended, initialQuery));
    }

    return new StreamedOutput(
      async function* rawResponse() {
        yield* walk.openObject(LAST_PAGE_LINKS);
        const link = linkOf(walk.last.page);
        if (link !== undefined) ended = { link, resumeAt: deltaLinkFromGraph(context, link) };
        const last = walk.last.page;
        const next = pageMember(last, '@odata.nextLink');
        const delta = pageMember(last, '@odata.deltaLink');
        const closing = JSON.stringify({
          ...(typeof next === 'string'
            ? { '@odata.nextLink': next, skiptoken: linkToken(next, '$skiptoken') }
            : {}),
          ...(typeof delta === 'string'
            ? { '@odata.deltaLink': delta, deltatoken: linkToken(delta, '$deltatoken') }
            : {}),
        });
        yield closing === '{}' ? '}' : `,${closing.slice(1)}`;
      },
      () => {
        const committed = commitWanted && ended !== undefined;
        const kept = created ?? cursor;
        return {
          statusCode: walk.last.response.status,
          headers: walk.last.response.headers,
          ...(key ? { syncKey: key.syncKey } : {}),
          resynced,
          pages: walk.pages,
          committed,
          ...(committed
            ? { cursorVersion: (cursor?.version ?? 0) + 1 }
            : kept
              ? { cursorVersion: kept.version }
              : {}),
        };
      },
    );
  },
});

/** The links that describe where the walk ended: written from the last page, not the first. */
const LAST_PAGE_LINKS = new Set(['@odata.nextLink', '@odata.deltaLink']);

/** A page's deltaLink, else its nextLink: where a sync resumes after it. */
function linkOf(page: CollectionPageText): string | undefined {
  const delta = pageMember(page, '@odata.deltaLink');
  const next = pageMember(page, '@odata.nextLink');
  return typeof delta === 'string' ? delta : typeof next === 'string' ? next : undefined;
}

/** A link from Graph this sync may follow or keep: a users delta link of the configured Graph. */
function deltaLinkFromGraph(context: CapabilityContext, link: string): RelativeGraphLink {
  const relative = followable(context, link);
  if (!isCursorLink(relative)) {
    throw problem(
      'GRAPH_UNEXPECTED_LINK',
      'A delta link from Graph did not point at /users/delta of the configured Graph; it was neither followed nor stored.',
    );
  }
  return relative;
}

/**
 * Where a new cursor under commit false begins: the query itself, or, for `$deltatoken=latest`, the
 * deltaLink this call got, since that round carries no change and "latest" later would mean later.
 */
function startingCursor(initialQuery: string, returned: RelativeGraphLink, link: string) {
  if (/(^|&)\$deltatoken=latest(&|$)/i.test(initialQuery)) {
    return { link: formatRelativeLink(returned), linkKind: linkKindOf(link), userQuery: initialQuery };
  }
  const start = formatRelativeLink({ path: DELTA_PATH, query: initialQuery });
  return { link: start, linkKind: linkKindOf(start), userQuery: initialQuery };
}

/** Where a sync starts over after Graph expired its token; only the original query can say that. */
function restartFrom(onExpired: 'restart' | 'error', initialQuery: string) {
  const restartable = initialQuery !== '' && !/\$(deltatoken|skiptoken)=(?!latest)/i.test(initialQuery);
  if (onExpired === 'error' || !restartable) {
    throw problem(
      'SYNC_TOKEN_EXPIRED',
      restartable
        ? 'Graph no longer accepts this delta token. Call again with onExpired "restart" to resync from the original query.'
        : 'Graph no longer accepts this delta token, and the original query is unknown: start again from your initial query.',
    );
  }
  return { path: DELTA_PATH, query: initialQuery };
}

/**
 * Advances the cursor to `link` once the answer was delivered, as a compare-and-set on the version
 * the call started from. When it was not delivered, or the write fails (store down, another call
 * moved the cursor meanwhile), the cursor stays where it was and the next call replays the changes.
 */
function commitOnDelivery(
  context: CapabilityContext,
  key: CursorKey,
  previous: SyncCursor | null,
  ended: () => { link: string; resumeAt: RelativeGraphLink } | undefined,
  userQuery: string,
): DeliveryTask {
  return async (delivered) => {
    const end = ended();
    if (!delivered) {
      context.log.info(
        { syncKey: key.syncKey },
        'sync cursor not advanced: the caller was gone before the whole answer was written; the next call returns these changes again',
      );
      return;
    }
    if (end === undefined) return; // Graph sent no link to resume from: nothing to store
    const write = { link: formatRelativeLink(end.resumeAt), linkKind: linkKindOf(end.link), userQuery };
    try {
      await context.cursors.put(key, write, previous?.version ?? 0);
    } catch (error) {
      context.log.warn(
        { syncKey: key.syncKey, err: error },
        'sync cursor not advanced after the answer was delivered; the next call returns these changes again',
      );
    }
  };
}
