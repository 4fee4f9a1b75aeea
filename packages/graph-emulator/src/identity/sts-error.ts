// Errors of the Microsoft identity platform (STS) in their wire shape: an OAuth `error`, an
// AADSTS-prefixed description with the Trace/Correlation/Timestamp tail, and the codes array.
// Messages never include the client secret. https://learn.microsoft.com/entra/identity-platform/reference-error-codes

import { randomUUID } from 'node:crypto';

export class StsError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
    this.name = 'StsError';
  }
}

export interface StsErrorBody {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
}

/** `2024-05-01 10:11:12Z`, the STS timestamp format. */
export function stsTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

export function stsErrorBody(
  err: StsError,
  origin: string,
  traceId: string,
  correlationId?: string,
): StsErrorBody {
  const timestamp = stsTimestamp();
  const correlation = correlationId ?? randomUUID();
  return {
    error: err.error,
    error_description: `${err.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `${origin}/error?code=${err.aadsts}`,
  };
}

export const stsErrors = {
  tenantNotFound: (tenant: string) =>
    new StsError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  missingParameter: (name: string) =>
    new StsError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  missingSecret: () =>
    new StsError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  unsupportedGrant: (grantType: string) =>
    new StsError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType}'.`,
    ),
  invalidScope: (scope: string) =>
    new StsError(
      400,
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    ),
  appNotFound: (clientId: string, tenantId: string) =>
    new StsError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  invalidSecret: (clientId: string) =>
    new StsError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
};
