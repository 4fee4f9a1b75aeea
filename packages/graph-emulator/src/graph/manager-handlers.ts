// A user's manager and direct reports: GET /users/{id}/manager, PUT and DELETE
// /users/{id}/manager/$ref, GET /users/{id}/directReports (with the relationship-list rules).
// https://learn.microsoft.com/graph/api/user-list-manager, https://learn.microsoft.com/graph/api/user-post-manager,
// https://learn.microsoft.com/graph/api/user-delete-manager, https://learn.microsoft.com/graph/api/user-list-directreports

import { userObject } from './directory-object.js';
import { referencedId } from './directory-reference.js';
import { type GraphContext, metadataUrl } from './graph-context.js';
import { graphErrors } from './graph-error.js';
import { sendNoContent, sendOData } from './graph-response.js';
import { USER_TYPE } from './group-representation.js';
import { managerErrors } from './relationship-errors.js';
import { listRelationship, type RelationshipTail } from './relationship-lists.js';
import { parseUserSelect, projectUser, selectSuffix } from './select-projection.js';
import { findUserOr404 } from './user-handlers.js';

export function getManager(ctx: GraphContext, key: string) {
  const select = parseUserSelect(ctx.query.get('$select'));
  const user = findUserOr404(ctx, key);
  const manager = ctx.tenant.activeManagerOf(user);
  if (!manager) throw graphErrors.notFound('manager');
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, `directoryObjects${selectSuffix(select)}/$entity`),
    '@odata.type': USER_TYPE,
    ...projectUser(manager.props, select),
  });
}

export function setManager(ctx: GraphContext, key: string) {
  const user = findUserOr404(ctx, key);
  const managerId = referencedId(ctx.request.body);
  const manager = ctx.tenant.findUser(managerId);
  if (!manager || manager.props.id !== managerId) {
    if (ctx.tenant.groups.find(managerId)) throw managerErrors.notAUser();
    throw graphErrors.notFound(managerId);
  }
  if (manager.props.id === user.props.id) throw managerErrors.self();
  if (ctx.tenant.orgChart.wouldCycle(user.props.id, manager.props.id)) throw managerErrors.cycle();
  // Assigning the current manager again changes nothing (and logs nothing).
  if (ctx.tenant.orgChart.managerOf(user.props.id) !== manager.props.id) {
    ctx.tenant.setManager(user, manager.props.id);
  }
  return sendNoContent(ctx.reply);
}

export function removeManager(ctx: GraphContext, key: string) {
  const user = findUserOr404(ctx, key);
  if (ctx.tenant.orgChart.managerOf(user.props.id) === undefined) throw graphErrors.notFound('manager');
  ctx.tenant.setManager(user, undefined);
  return sendNoContent(ctx.reply);
}

/** Direct reports that are active users, in the order they were assigned. */
export function listDirectReports(ctx: GraphContext, key: string, tail: RelationshipTail) {
  const user = findUserOr404(ctx, key);
  return listRelationship(ctx, 'directReports', ctx.tenant.activeReportsOf(user).map(userObject), tail);
}
