// POST /users/{id}/revokeSignInSessions: sets signInSessionsValidFromDateTime to now, which
// invalidates the user's refresh tokens and session cookies (access tokens already issued stay
// valid until they expire), and answers `true`.
// https://learn.microsoft.com/graph/api/user-revokesigninsessions

import { type GraphContext, metadataUrl } from './graph-context.js';
import { sendOData } from './graph-response.js';
import { findUserOr404 } from './user-handlers.js';

export function revokeSignInSessions(ctx: GraphContext, key: string) {
  const user = findUserOr404(ctx, key);
  ctx.tenant.updateUser(user, {
    signInSessionsValidFromDateTime: `${new Date().toISOString().slice(0, 19)}Z`,
  });
  return sendOData(ctx.reply, 200, {
    '@odata.context': metadataUrl(ctx, 'Edm.Boolean'),
    value: true,
  });
}
