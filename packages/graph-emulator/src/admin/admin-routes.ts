// The emulator's own admin API under /_emulator (not part of Graph): counters for black-box
// tests, tenant creation, token expiry and the replication lag. Local sandbox only, so it has no
// authentication.

import type { FastifyInstance } from 'fastify';
import type { AppGrantsInput } from '../directory/app-grants.js';
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

  // Replaces what one app was granted: Graph application permissions (the `roles` of its next
  // tokens) and tenant-wide directory roles (by template id). Cached tokens keep their old roles,
  // as Entra's do until they expire.
  app.put<{ Params: { tenant: string; clientId: string } }>(
    '/_emulator/tenants/:tenant/apps/:clientId/grants',
    async (request, reply) => {
      const tenant = state.resolveTenant(request.params.tenant);
      if (!tenant?.findApp(request.params.clientId)) {
        return reply.code(404).send({ error: 'no such tenant or app' });
      }
      const grants = toGrantsInput(request.body);
      if (typeof grants === 'string') return reply.code(400).send({ error: grants });
      return reply.send(tenant.grantApp(request.params.clientId, grants));
    },
  );

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
    return 'apps must be an array of {clientId?, clientSecret?, permissions?, directoryRoles?}';
  const appInputs: NonNullable<TenantInput['apps']> = [];
  for (const a of (apps ?? []) as Record<string, unknown>[]) {
    const grants = toGrantsInput(a);
    if (typeof grants === 'string') return `apps: ${grants}`;
    appInputs.push({
      clientId: typeof a?.['clientId'] === 'string' ? a['clientId'] : undefined,
      clientSecret: typeof a?.['clientSecret'] === 'string' ? a['clientSecret'] : undefined,
      ...grants,
    });
  }
  const seedUsers = b['seedUsers'];
  if (seedUsers !== undefined && !(Number.isInteger(seedUsers) && (seedUsers as number) >= 0)) {
    return 'seedUsers must be a non-negative integer';
  }
  return {
    tenantId: typeof b['tenantId'] === 'string' ? b['tenantId'] : undefined,
    domains: b['domains'] as string[],
    apps: appInputs,
    seedUsers: seedUsers as number | undefined,
    displayName: typeof b['displayName'] === 'string' ? b['displayName'] : undefined,
  };
}

/** `permissions` (Graph permission names) and `directoryRoles` (GUIDs), each optional. */
function toGrantsInput(body: unknown): AppGrantsInput | string {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const b = body as Record<string, unknown>;
  const out: AppGrantsInput = {};
  if (b['permissions'] !== undefined) {
    if (!isStringArray(b['permissions'], /^[A-Za-z][A-Za-z.-]*$/)) {
      return 'permissions must be an array of Graph permission names, e.g. "User.Read.All"';
    }
    out.permissions = b['permissions'];
  }
  if (b['directoryRoles'] !== undefined) {
    if (!isStringArray(b['directoryRoles'], GUID)) {
      return 'directoryRoles must be an array of role template ids (GUIDs)';
    }
    out.directoryRoles = b['directoryRoles'];
  }
  return out;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isStringArray(value: unknown, pattern: RegExp): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && pattern.test(v));
}
