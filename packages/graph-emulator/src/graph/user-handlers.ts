// GET, POST, PATCH and DELETE of single users: /users/{id|upn}, /users('{upn}') and /users.
// https://learn.microsoft.com/graph/api/resources/user

import { randomUUID } from 'node:crypto';
import { withPrimarySmtp } from '../directory/proxy-addresses.js';
import type { UserProperties, UserRecord } from '../directory/user-record.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendNoContent, sendOData } from './graph-response.js';
import { parseUserSelect, projectUser, selectSuffix } from './select-projection.js';
import { expandedManager, parseUserExpand } from './user-expand.js';
import { validateUserWrite } from './user-write-validation.js';

export function findUserOr404(ctx: GraphContext, key: string): UserRecord {
  const user = ctx.tenant.findUser(key);
  if (!user) throw graphErrors.notFound(key);
  return user;
}

export function getUser(ctx: GraphContext, key: string) {
  const select = parseUserSelect(ctx.query.get('$select'));
  const expand = parseUserExpand(ctx.query.get('$expand'), 'entity');
  const user = findUserOr404(ctx, key);
  const body: Record<string, unknown> = {
    '@odata.context': metadataUrl(ctx, `users${selectSuffix(select)}/$entity`),
    ...projectUser(user.props, select),
  };
  const manager = expand ? expandedManager(ctx.tenant, user, expand) : undefined;
  if (manager) body['manager'] = manager;
  return sendOData(ctx.reply, 200, body);
}

export function createUser(ctx: GraphContext) {
  const { changes, passwordChanged } = validateUserWrite(ctx.request.body, ctx.tenant);
  const now = new Date().toISOString();
  const props: UserProperties = {
    ...changes,
    id: randomUUID(),
    userPrincipalName: changes['userPrincipalName'] as string,
    createdDateTime: now,
    userType: 'Member',
    businessPhones: (changes['businessPhones'] as string[] | undefined) ?? [],
  };
  if (passwordChanged) props['lastPasswordChangeDateTime'] = now;
  if (typeof props['mail'] === 'string') props['proxyAddresses'] = withPrimarySmtp([], props['mail']);
  const user = ctx.tenant.createUser(props);
  // The answer carries the user; other reads miss it while the replication lag lasts.
  ctx.tenant.replication.created(user.props.id);
  return sendOData(ctx.reply, 201, {
    '@odata.context': metadataUrl(ctx, 'users/$entity'),
    id: user.props.id,
    ...projectUser(user.props, undefined),
  });
}

export function updateUser(ctx: GraphContext, key: string) {
  const user = findUserOr404(ctx, key);
  const { changes, passwordChanged } = validateUserWrite(ctx.request.body, ctx.tenant, user);
  if (changes['passwordProfile'] !== undefined) {
    changes['passwordProfile'] = {
      ...(user.props['passwordProfile'] as object),
      ...(changes['passwordProfile'] as object),
    };
  }
  if (passwordChanged) changes['lastPasswordChangeDateTime'] = new Date().toISOString();
  const mail = changes['mail'];
  if (typeof mail === 'string' && mail !== user.props['mail']) {
    changes['proxyAddresses'] = withPrimarySmtp(user.props['proxyAddresses'], mail);
  }
  ctx.tenant.updateUser(user, changes);
  return sendNoContent(ctx.reply);
}

export function deleteUser(ctx: GraphContext, key: string) {
  ctx.tenant.softDeleteUser(findUserOr404(ctx, key));
  return sendNoContent(ctx.reply);
}
