import { Type } from '@sinclair/typebox';
import { problem } from '../../errors/problem.js';
import { formatRelativeLink, parseRelativeLink } from '../../graph/graph-link.js';
import type { CursorKey, SyncCursor } from '../../stores/cursor-store.js';
import type { CapabilityContext } from '../capability.js';
import { defineCapability } from '../capability.js';
import {
  capabilityInput,
  capabilityOutput,
  SyncKeySchema,
  UserRepresentationSchema,
} from '../shared/common-schemas.js';
import { followable, followPages } from '../shared/follow-pages.js';
import { encodeUserQuery, parseUserQuery } from '../shared/user-query.js';
import { isExpiredDeltaToken } from './delta-expiry.js';
import { linkKindOf, linkToken } from './delta-links.js';

const DELTA_OPTIONS = ['$select', '$filter', '$deltatoken', '$skiptoken'];
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
          'With syncKey: advance the stored cursor to the returned link. false leaves it for PUT /sync-cursors/{syncKey} after you processed the changes.',
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
    committed: Type.Boolean({ description: 'Whether the stored cursor now points at the returned link.' }),
    cursorVersion: Type.Optional(Type.Integer()),
  }),
  errorStatuses: [409, 410],
  mutates: () => false,
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
    const cursor = key ? await context.cursors.get(key) : null;
    const initialQuery = cursor ? cursor.userQuery : encodeUserQuery(options);
    if (cursor && input.userQuery !== undefined && encodeUserQuery(options) !== cursor.userQuery) {
      throw problem(
        'SYNC_QUERY_MISMATCH',
        `syncKey '${cursor.syncKey}' tracks "${cursor.userQuery}". Omit userQuery to resume, or DELETE /sync-cursors/${cursor.syncKey} to start over.`,
      );
    }
    const start = cursor ? parseRelativeLink(cursor.link) : { path: DELTA_PATH, query: initialQuery };
    const walk = (from: { path: string; query: string }) =>
      followPages(context, from, {
        maxPages: input.maxPages ?? 10_000,
        ...(input.minimal ? { headers: { Prefer: 'return=minimal' } } : {}),
      });

    let resynced = false;
    let result: Awaited<ReturnType<typeof walk>>;
    try {
      result = await walk(start);
    } catch (error) {
      if (!isExpiredDeltaToken(error)) throw error;
      result = await walk(restartFrom(input.onExpired ?? 'restart', initialQuery));
      resynced = true;
    }

    const next = result.lastPage['@odata.nextLink'];
    const delta = result.lastPage['@odata.deltaLink'];
    const link = typeof delta === 'string' ? delta : typeof next === 'string' ? next : undefined;
    const stored =
      key && link && (input.commit ?? true)
        ? await commitCursor(context, key, cursor, link, initialQuery)
        : null;
    const { value: _value, '@odata.nextLink': _n, '@odata.deltaLink': _d, ...firstMeta } = result.firstPage;
    return {
      rawResponse: {
        ...firstMeta,
        value: result.items,
        ...(typeof next === 'string'
          ? { '@odata.nextLink': next, skiptoken: linkToken(next, '$skiptoken') }
          : {}),
        ...(typeof delta === 'string'
          ? { '@odata.deltaLink': delta, deltatoken: linkToken(delta, '$deltatoken') }
          : {}),
      },
      statusCode: result.response.status,
      headers: result.response.headers,
      ...(key ? { syncKey: key.syncKey } : {}),
      resynced,
      pages: result.pages,
      committed: stored !== null,
      ...(stored ? { cursorVersion: stored.version } : cursor ? { cursorVersion: cursor.version } : {}),
    };
  },
});

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

async function commitCursor(
  context: CapabilityContext,
  key: CursorKey,
  previous: SyncCursor | null,
  link: string,
  userQuery: string,
) {
  const relative = followable(context, link);
  return context.cursors.put(
    key,
    { link: formatRelativeLink(relative), linkKind: linkKindOf(link), userQuery },
    previous?.version ?? 0,
  );
}
