// POST /{tenant}/oauth2/v2.0/token: the client-credentials grant of the identity platform.
// Accepts what MSAL Node sends (extra x-client-* fields, ?client-request-id=, secret in the
// body or in HTTP Basic) and answers like Entra, errors included.
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow

import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TenantDirectory } from '../directory/tenant-directory.js';
import type { EmulatorState } from '../emulator-state.js';
import { authenticateAssertion, JWT_BEARER_ASSERTION } from './client-assertion.js';
import { requestOrigin } from './request-origin.js';
import { StsError, stsErrorBody, stsErrors } from './sts-error.js';

interface ClientCredentials {
  clientId: string | undefined;
  clientSecret: string | undefined;
}

export function registerTokenRoute(app: FastifyInstance, state: EmulatorState): void {
  app.post<{ Params: { tenant: string } }>('/:tenant/oauth2/v2.0/token', async (request, reply) => {
    const traceId = randomUUID();
    const form = formFields(request.body);
    const correlationId = form.get('client-request-id') ?? headerValue(request, 'client-request-id');
    reply.headers({
      'cache-control': 'no-store, no-cache',
      pragma: 'no-cache',
      'x-ms-request-id': traceId,
      'x-ms-ests-server': '2.1.emulator',
      'content-type': 'application/json; charset=utf-8',
    });
    const tenant = state.resolveTenant(request.params.tenant);
    state.recordTokenRequest(tenant?.tenantId ?? request.params.tenant);
    try {
      if (!tenant) throw stsErrors.tenantNotFound(request.params.tenant);
      const grantType = form.get('grant_type');
      if (!grantType) throw stsErrors.missingParameter('grant_type');
      if (grantType !== 'client_credentials') throw stsErrors.unsupportedGrant(grantType);
      const scope = form.get('scope');
      if (!scope) throw stsErrors.missingParameter('scope');
      const audience = audienceOf(scope);
      if (!audience) throw stsErrors.invalidScope(scope);
      const { clientId, clientSecret } = clientCredentials(request, form);
      if (!clientId) throw stsErrors.missingParameter('client_id');
      const registration = tenant.findApp(clientId);
      if (!registration) throw stsErrors.appNotFound(clientId, tenant.tenantId);
      const assertion = form.get('client_assertion');
      if (assertion !== null && clientSecret === undefined) {
        const assertionType = form.get('client_assertion_type');
        if (assertionType !== JWT_BEARER_ASSERTION) throw stsErrors.missingParameter('client_assertion_type');
        authenticateAssertion(assertion, {
          registration,
          isTokenEndpoint: (aud) => isTokenEndpointOf(aud, tenant, request.headers.host),
          federatedIssuer: state.federatedIssuer,
        });
      } else {
        if (!clientSecret) throw stsErrors.missingSecret();
        if (!registration.secrets.includes(clientSecret))
          throw stsErrors.invalidSecret(registration.clientId);
      }
      const lifetime = state.tokenLifetimeSeconds;
      const grants = tenant.grantsOf(registration.clientId);
      const { token } = state.signer.mint({
        servicePrincipalId: grants.servicePrincipalId,
        roles: grants.permissions,
        tenantId: tenant.tenantId,
        clientId: registration.clientId,
        audience,
        lifetimeSeconds: lifetime,
        generation: state.tokenGeneration(tenant.tenantId),
      });
      // No refresh_in: MSAL would then refresh inline and could fail a call that has a valid token.
      return reply.send({
        token_type: 'Bearer',
        expires_in: lifetime,
        ext_expires_in: lifetime,
        access_token: token,
      });
    } catch (err) {
      if (!(err instanceof StsError)) throw err;
      return sendStsError(reply, err, requestOrigin(request), traceId, correlationId);
    }
  });
}

export function sendStsError(
  reply: FastifyReply,
  err: StsError,
  origin: string,
  traceId: string,
  correlationId?: string,
): FastifyReply {
  return reply
    .code(err.status)
    .type('application/json; charset=utf-8')
    .send(stsErrorBody(err, origin, traceId, correlationId));
}

/**
 * Whether a client assertion's `aud` is this tenant's token endpoint on this host: v2.0 or v1, the
 * tenant by GUID or any verified domain (MSAL names it as configured), https or http (the emulator
 * serves plain HTTP behind an https authority).
 */
function isTokenEndpointOf(aud: string, tenant: TenantDirectory, host: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(aud);
  } catch {
    return false;
  }
  const match = /^\/([^/]+)\/oauth2\/(?:v2\.0\/)?token$/.exec(url.pathname);
  const named = match?.[1]?.toLowerCase();
  return (
    url.host === host && named !== undefined && (named === tenant.tenantId || tenant.isVerifiedDomain(named))
  );
}

/** The resource of a single `{resource}/.default` scope, or undefined when the scope is not one. */
function audienceOf(scope: string): string | undefined {
  const scopes = scope.trim().split(/\s+/);
  if (scopes.length !== 1) return undefined;
  const only = scopes[0]!;
  if (!only.endsWith('/.default')) return undefined;
  const resource = only.slice(0, -'/.default'.length);
  return resource.length > 0 ? resource : undefined;
}

function formFields(body: unknown): URLSearchParams {
  // Only a form body counts; JSON or anything else reads as "parameter missing", like Entra.
  return typeof body === 'string' ? new URLSearchParams(body) : new URLSearchParams();
}

function clientCredentials(request: FastifyRequest, form: URLSearchParams): ClientCredentials {
  const basic = basicCredentials(headerValue(request, 'authorization'));
  if (basic) return basic;
  return {
    clientId: form.get('client_id') ?? undefined,
    clientSecret: form.get('client_secret') ?? undefined,
  };
}

/** RFC 6749 2.3.1: both parts are form-urlencoded before base64. */
function basicCredentials(header: string | undefined): ClientCredentials | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return part;
    }
  };
  return { clientId: decode(decoded.slice(0, colon)), clientSecret: decode(decoded.slice(colon + 1)) };
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
