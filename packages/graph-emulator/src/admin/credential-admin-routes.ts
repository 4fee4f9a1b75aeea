// Admin routes for credentials other than secrets, so a standalone emulator (the sandbox image)
// can be set up over HTTP as tests set it up in process: certificates and federated credentials on
// an app, federated tokens from the stand-in issuer, and the managed identities of /msi/token.

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorState } from '../emulator-state.js';

type Body = Record<string, unknown>;

export function registerCredentialAdminRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.post<{ Params: { tenant: string; clientId: string } }>(
    '/_emulator/tenants/:tenant/apps/:clientId/certificates',
    async (request, reply) => {
      const certificate = bodyOf(request.body)['certificate'];
      if (typeof certificate !== 'string') return badRequest(reply, 'certificate (PEM) is required');
      return attempt(reply, () => {
        state.addAppCertificate(request.params.tenant, request.params.clientId, certificate);
      });
    },
  );

  app.post<{ Params: { tenant: string; clientId: string } }>(
    '/_emulator/tenants/:tenant/apps/:clientId/federated-credentials',
    async (request, reply) => {
      const body = bodyOf(request.body);
      const { issuer, subject, audiences } = body;
      if (typeof issuer !== 'string' || typeof subject !== 'string') {
        return badRequest(reply, 'issuer and subject are required');
      }
      if (audiences !== undefined && !isStrings(audiences))
        return badRequest(reply, 'audiences must be strings');
      return attempt(reply, () => {
        state.addFederatedCredential(request.params.tenant, request.params.clientId, {
          issuer,
          subject,
          ...(audiences ? { audiences } : {}),
        });
      });
    },
  );

  app.post('/_emulator/federated-tokens', async (request, reply) => {
    const { issuer, subject, audience } = bodyOf(request.body);
    if (typeof issuer !== 'string' || typeof subject !== 'string') {
      return badRequest(reply, 'issuer and subject are required');
    }
    const token = state.mintFederatedToken({
      issuer,
      subject,
      ...(typeof audience === 'string' ? { audience } : {}),
    });
    return reply.code(201).send({ token });
  });

  app.post('/_emulator/managed-identities', async (request, reply) => {
    const { tenantId, clientId, roles, type } = bodyOf(request.body);
    if (typeof tenantId !== 'string' || !state.resolveTenant(tenantId)) {
      return badRequest(reply, 'tenantId must name a tenant of the emulator');
    }
    if (type !== 'systemAssigned' && type !== 'userAssigned') {
      return badRequest(reply, 'type must be systemAssigned or userAssigned');
    }
    if (roles !== undefined && !isStrings(roles)) return badRequest(reply, 'roles must be strings');
    const input = {
      tenantId: state.resolveTenant(tenantId)!.tenantId,
      ...(typeof clientId === 'string' ? { clientId } : {}),
      ...(roles ? { roles } : {}),
    };
    const host = state.managedIdentity;
    const identity =
      type === 'systemAssigned' ? host.enableSystemAssigned(input) : host.assignUserAssigned(input);
    // The IDENTITY_HEADER value a client needs, with the identity.
    return reply.code(201).send({ ...identity, identityHeader: host.header });
  });
}

function bodyOf(body: unknown): Body {
  return typeof body === 'object' && body !== null ? (body as Body) : {};
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function badRequest(reply: FastifyReply, error: string): FastifyReply {
  return reply.code(400).send({ error });
}

function attempt(reply: FastifyReply, change: () => void): FastifyReply {
  try {
    change();
  } catch (err) {
    if (err instanceof TypeError) return badRequest(reply, err.message);
    // An unreadable certificate.
    if (err instanceof Error && 'code' in err) return badRequest(reply, 'certificate is not a readable PEM');
    throw err;
  }
  return reply.code(204).send();
}
