// GET /users/delta (and /users/microsoft.graph.delta): the initial call, `$deltatoken=latest`,
// nextLink pages (`$skiptoken`) and deltaLink rounds (`$deltatoken`), from the tenant's real
// change log. Each page carries exactly one of @odata.nextLink / @odata.deltaLink.
// https://learn.microsoft.com/graph/api/user-delta

import type { DeltaPolicy } from '../directory/delta-policy.js';
import { decodeStateToken, encodeStateToken, type StateToken } from '../directory/delta-tokens.js';
import { USER_DEFAULT_PROPERTIES } from '../odata/user-properties.js';
import { parseDeltaQuery } from './delta-query.js';
import { type RoundPosition, roundPage } from './delta-rounds.js';
import { engineQueryText } from './engine-query.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { GraphError } from './graph-error.js';
import { sendOData } from './graph-response.js';

export function listUserChanges(ctx: GraphContext, policy: DeltaPolicy) {
  const query = parseDeltaQuery(engineQueryText(ctx));
  const log = ctx.tenant.changeLog;
  let position: RoundPosition;
  let emptyServed = false;
  if (query.skiptoken !== undefined) {
    const token = readToken(ctx, policy, query.skiptoken);
    if (token.kind !== 'skip') throw invalidToken();
    const { phase, after, upTo, cursor, select, ids } = token;
    position = { phase, after, upTo, cursor, select, ids };
    emptyServed = token.emptyServed;
  } else if (query.deltatoken?.toLowerCase() === 'latest') {
    // "Sync from now": no enumeration, just a deltaLink at the current end of the log.
    const here = { after: log.currentSeq, select: query.select, ids: query.ids };
    return send(ctx, [], here, { deltaLink: deltaLink(ctx, policy, here), first: true });
  } else if (query.deltatoken !== undefined) {
    // The token fixes $select and $filter; options sent beside it are ignored.
    const token = readToken(ctx, policy, query.deltatoken);
    if (token.kind !== 'delta') throw invalidToken();
    const { after, select, ids } = token;
    position = { phase: 'changes', after, upTo: log.currentSeq, cursor: 0, select, ids };
  } else {
    const { select, ids } = query;
    position = { phase: 'initial', after: log.currentSeq, upTo: log.currentSeq, cursor: 0, select, ids };
  }
  const first = query.skiptoken === undefined;
  if (policy.settings.emptyPages && !emptyServed) {
    // Robustness fault: an empty page that still carries a nextLink (clients must keep going).
    const nextLink = skipLink(ctx, policy, position, true);
    return send(ctx, [], position, { nextLink, first });
  }
  const tracked = position.select ?? USER_DEFAULT_PROPERTIES;
  const page = roundPage({
    directory: ctx.tenant,
    position,
    tracked,
    minimal: preferMinimal(ctx),
    settings: policy.settings,
  });
  if (page.nextCursor !== undefined) {
    const nextLink = skipLink(ctx, policy, { ...position, cursor: page.nextCursor }, false);
    return send(ctx, page.items, position, { nextLink, first });
  }
  // The initial round resumes after the log position it started at, so changes made while it
  // was being paged come in the next round (perhaps twice: clients upsert by id).
  const resumeAt = position.phase === 'initial' ? position.after : position.upTo;
  const link = deltaLink(ctx, policy, { ...position, after: resumeAt });
  return send(ctx, page.items, position, { deltaLink: link, first });
}

type Scope = Pick<RoundPosition, 'select' | 'ids'>;

function send(
  ctx: GraphContext,
  items: Record<string, unknown>[],
  scope: Scope,
  links: { nextLink?: string; deltaLink?: string; first: boolean },
) {
  // The first page names the selected properties; later pages show plain `#users`.
  const suffix = links.first && scope.select ? `(${scope.select.join(',')})` : '';
  const body: Record<string, unknown> = { '@odata.context': metadataUrl(ctx, `users${suffix}`) };
  if (links.nextLink) body['@odata.nextLink'] = links.nextLink;
  if (links.deltaLink) body['@odata.deltaLink'] = links.deltaLink;
  body['value'] = items;
  if (preferMinimal(ctx)) ctx.reply.header('preference-applied', 'return=minimal');
  return sendOData(ctx.reply, 200, body);
}

function tokenFields(ctx: GraphContext, policy: DeltaPolicy, scope: Scope) {
  return {
    tenantId: ctx.tenant.tenantId,
    issuedAt: policy.now(),
    generation: policy.generation(ctx.tenant.tenantId),
    select: scope.select,
    ids: scope.ids,
  };
}

function skipLink(ctx: GraphContext, policy: DeltaPolicy, position: RoundPosition, emptyServed: boolean) {
  const token = encodeStateToken({
    kind: 'skip',
    ...position,
    ...tokenFields(ctx, policy, position),
    emptyServed,
  });
  return `${ctx.origin}/${ctx.version}/users/delta?$skiptoken=${token}`;
}

function deltaLink(ctx: GraphContext, policy: DeltaPolicy, at: Scope & { after: number }) {
  const token = encodeStateToken({ kind: 'delta', after: at.after, ...tokenFields(ctx, policy, at) });
  return `${ctx.origin}/${ctx.version}/users/delta?$deltatoken=${token}`;
}

function readToken(ctx: GraphContext, policy: DeltaPolicy, text: string): StateToken {
  const token = decodeStateToken(text);
  // A token of another tenant is as unusable as a garbled one; say the same.
  if (!token || token.tenantId !== ctx.tenant.tenantId) throw invalidToken();
  const end = ctx.tenant.changeLog.currentSeq;
  // A position beyond the log means this emulator's state was reset since: sync state is gone.
  const lost = token.after > end || (token.kind === 'skip' && token.upTo > end);
  if (lost || policy.isExpired(token, ctx.tenant.tenantId)) throw syncStateNotFound(ctx, policy, token);
  return token;
}

function invalidToken(): GraphError {
  return new GraphError(400, 'Request_BadRequest', 'The delta token or skip token is invalid.');
}

/**
 * The message Microsoft published with the 7-day token lifetime. Status per the policy
 * (410 by default); `Location` is the initial query with an empty
 * `$deltatoken`, as the delta overview describes for a reset, so a client can start over.
 */
function syncStateNotFound(ctx: GraphContext, policy: DeltaPolicy, scope: Scope): GraphError {
  let location = `${ctx.origin}/${ctx.version}/users/delta?$deltatoken=`;
  if (scope.select) location += `&$select=${scope.select.join(',')}`;
  if (scope.ids) {
    location += `&$filter=${encodeURIComponent(scope.ids.map((id) => `id eq '${id}'`).join(' or '))}`;
  }
  return new GraphError(
    policy.settings.expiredStatus,
    'syncStateNotFound',
    'The sync state generation is not found. The delta token is expired and data must be synchronized again.',
    undefined,
    { location },
  );
}

function preferMinimal(ctx: GraphContext): boolean {
  const prefer = ctx.request.headers['prefer'];
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return text.split(',').some((part) => part.trim().toLowerCase().replace(/\s+/g, '') === 'return=minimal');
}
