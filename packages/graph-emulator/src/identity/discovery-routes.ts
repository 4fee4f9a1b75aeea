// The discovery documents MSAL reads before a token request: instance discovery, the tenant's
// OpenID configuration and its (empty) key set. Every URL points back at this emulator.
// https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc

import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { EmulatorState } from '../emulator-state.js';
import { identityOrigin } from './request-origin.js';
import { StsError, stsErrors } from './sts-error.js';
import { sendStsError } from './token-route.js';

export function registerDiscoveryRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/common/discovery/instance', async (request, reply) => {
    const origin = identityOrigin(request);
    const host = new URL(origin).host;
    reply.header('cache-control', 'max-age=86400, private');
    return {
      tenant_discovery_endpoint: `${origin}/{tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    };
  });

  app.get<{ Params: { tenant: string } }>(
    '/:tenant/v2.0/.well-known/openid-configuration',
    async (request, reply) => {
      const tenant = state.resolveTenant(request.params.tenant);
      const origin = identityOrigin(request);
      if (!tenant) {
        // Recorded fixtures show `invalid_tenant` here (token endpoint says invalid_request).
        const base = stsErrors.tenantNotFound(request.params.tenant);
        const err = new StsError(400, 'invalid_tenant', base.aadsts, base.description);
        return sendStsError(reply, err, origin, randomUUID());
      }
      // A domain in the URL still yields GUID-based endpoints, as Entra does.
      const root = `${origin}/${tenant.tenantId}`;
      return {
        token_endpoint: `${root}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${root}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${root}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${origin}/oidc/userinfo`,
        authorization_endpoint: `${root}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${root}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${root}/oauth2/v2.0/logout`,
        claims_supported: [
          'sub',
          'iss',
          'aud',
          'exp',
          'iat',
          'auth_time',
          'acr',
          'nonce',
          'name',
          'tid',
          'ver',
        ],
        tenant_region_scope: 'WW',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: new URL(origin).host,
      };
    },
  );

  // Tokens are HMAC-signed with a private key, so there is no public key to publish.
  app.get('/:tenant/discovery/v2.0/keys', async () => ({ keys: [] }));
}
