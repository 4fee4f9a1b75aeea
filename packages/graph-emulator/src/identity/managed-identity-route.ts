// GET /msi/token: the App Service (and Container Apps, Functions) managed identity endpoint, the
// source MSAL Node picks when IDENTITY_ENDPOINT and IDENTITY_HEADER are set. Query: api-version
// 2019-08-01, resource, and client_id for a user-assigned identity; header X-IDENTITY-HEADER.
// Answers `{access_token, expires_on, resource, token_type, client_id}` (expires_on in epoch
// seconds, as text), or `{statusCode, message, correlationId}` on failure.
// https://learn.microsoft.com/azure/app-service/overview-managed-identity

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorState } from '../emulator-state.js';
import type { ManagedIdentity } from './managed-identity-host.js';

interface TokenQuery {
  'api-version'?: string;
  resource?: string;
  client_id?: string;
  principal_id?: string;
  object_id?: string;
  mi_res_id?: string;
}

export function registerManagedIdentityRoute(app: FastifyInstance, state: EmulatorState): void {
  app.get<{ Querystring: TokenQuery }>('/msi/token', async (request, reply) => {
    const host = state.managedIdentity;
    host.recordRequest();
    const fail = (status: number, message: string): FastifyReply =>
      reply.code(status).send({ statusCode: status, message, correlationId: randomUUID() });
    if (request.headers['x-identity-header'] !== host.header) {
      return fail(401, 'The X-IDENTITY-HEADER header is missing or wrong.');
    }
    const query = request.query;
    if (query['api-version'] !== '2019-08-01') return fail(400, "The 'api-version' must be 2019-08-01.");
    if (!query.resource) return fail(400, "The 'resource' query parameter is required.");
    let identity: ManagedIdentity | undefined;
    if (query.client_id !== undefined) identity = host.userAssigned(query.client_id);
    else if (
      query.principal_id === undefined &&
      query.object_id === undefined &&
      query.mi_res_id === undefined
    ) {
      identity = host.systemAssigned();
    }
    // What App Service answers for an identity the resource does not have.
    if (identity === undefined || !state.resolveTenant(identity.tenantId)) {
      return fail(400, 'Unable to load the proper Managed Identity.');
    }
    const { token, claims } = state.signer.mint({
      tenantId: identity.tenantId,
      clientId: identity.clientId,
      audience: query.resource,
      lifetimeSeconds: state.tokenLifetimeSeconds,
      generation: state.tokenGeneration(identity.tenantId),
      servicePrincipalId: identity.objectId,
      roles: identity.roles,
    });
    return reply.send({
      access_token: token,
      expires_on: String(claims.exp),
      resource: query.resource,
      token_type: 'Bearer',
      client_id: identity.clientId,
    });
  });
}
