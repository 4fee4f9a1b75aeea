// Admin knobs of /users/delta under /_emulator/delta: read and change the settings (page
// size, token max age, expired-token status, empty-page and repeated-item faults) and expire
// every delta/skip token issued so far, for all tenants or one.

import type { FastifyInstance } from 'fastify';
import { validateDeltaSettings } from '../directory/delta-policy.js';
import type { EmulatorState } from '../emulator-state.js';

export function registerDeltaAdminRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/_emulator/delta/settings', async () => ({ ...state.delta.settings }));

  app.patch('/_emulator/delta/settings', async (request, reply) => {
    const changes = validateDeltaSettings(request.body);
    if (typeof changes === 'string') return reply.code(400).send({ error: changes });
    return reply.send(state.delta.update(changes));
  });

  app.post('/_emulator/delta/expire-tokens', async (request, reply) => {
    const body = request.body as { tenantId?: unknown } | undefined;
    const tenantId = typeof body?.tenantId === 'string' ? body.tenantId : undefined;
    state.delta.expireTokens(tenantId);
    return reply.code(204).send();
  });
}
