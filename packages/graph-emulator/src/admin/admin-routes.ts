// The emulator's own admin API under /_emulator (not part of Graph): counters for black-box
// tests, tenant creation, token expiry and the replication lag. Local sandbox only, so it has no
// authentication.

import type { FastifyInstance } from 'fastify';
import type { EmulatorState, TenantInput } from '../emulator-state.js';
import { registerFaultAdminRoutes } from '../faults/fault-admin-routes.js';
import { registerCredentialAdminRoutes } from './credential-admin-routes.js';
import { registerDeltaAdminRoutes } from './delta-admin-routes.js';

export function registerAdminRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/_emulator/stats', async () => state.stats());

  app.post('/_emulator/tenants', async (request, reply) => {
    const input = toTenantInput(request.body);
    if (typeof input === 'string') return reply.code(400).send({ error: input });
    try {
      return reply.code(201).send(state.addTenant(input));
    } catch (err) {
      if (err instanceof TypeError) return reply.code(400).send({ error: err.message });
      throw err;
    }
  });

  app.post('/_emulator/tokens/expire', async (request, reply) => {
    const body = request.body as { tenantId?: unknown } | undefined;
    const tenantId = typeof body?.tenantId === 'string' ? body.tenantId : undefined;
    state.expireTokens(tenantId);
    return reply.code(204).send();
  });

  app.get('/_emulator/replication', async () => state.replicationLag.settings);

  app.put('/_emulator/replication', async (request, reply) => {
    const body = request.body as { lagMs?: unknown } | undefined;
    const keys = typeof body === 'object' && body !== null ? Object.keys(body) : [];
    const lagMs = body?.lagMs;
    if (keys.some((key) => key !== 'lagMs') || !isLag(lagMs)) {
      return reply.code(400).send({ error: `lagMs must be an integer from 0 to ${MAX_LAG_MS}` });
    }
    return reply.send(state.replicationLag.update({ lagMs }));
  });

  registerDeltaAdminRoutes(app, state);
  registerCredentialAdminRoutes(app, state);
  registerFaultAdminRoutes(app, state);
}

/** A replication lag longer than ten minutes is surely a mistake. */
const MAX_LAG_MS = 600_000;

export function isLag(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_LAG_MS;
}

/** The tenant input, or a message saying what is wrong with the body. */
function toTenantInput(body: unknown): TenantInput | string {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (
    !Array.isArray(b['domains']) ||
    b['domains'].length === 0 ||
    !b['domains'].every((d) => typeof d === 'string')
  ) {
    return 'domains must be a non-empty array of domain names';
  }
  const apps = b['apps'];
  if (apps !== undefined && !Array.isArray(apps))
    return 'apps must be an array of {clientId?, clientSecret?}';
  const seedUsers = b['seedUsers'];
  if (seedUsers !== undefined && !(Number.isInteger(seedUsers) && (seedUsers as number) >= 0)) {
    return 'seedUsers must be a non-negative integer';
  }
  return {
    tenantId: typeof b['tenantId'] === 'string' ? b['tenantId'] : undefined,
    domains: b['domains'] as string[],
    apps: (apps as { clientId?: string; clientSecret?: string }[] | undefined)?.map((a) => ({
      clientId: typeof a?.clientId === 'string' ? a.clientId : undefined,
      clientSecret: typeof a?.clientSecret === 'string' ? a.clientSecret : undefined,
    })),
    seedUsers: seedUsers as number | undefined,
    displayName: typeof b['displayName'] === 'string' ? b['displayName'] : undefined,
  };
}
