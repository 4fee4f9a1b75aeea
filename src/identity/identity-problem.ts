import { ServiceError } from '../errors/service-error.js';
import type { IdentityError } from './identity-error.js';

/** Token-endpoint failures by AADSTS number. @see reference/graph-api.md section 2.3 */
const BY_AADSTS: Record<number, { status: number; code: string; title: string; hint: string }> = {
  7000215: {
    status: 401,
    code: 'INVALID_CLIENT_SECRET',
    title: 'The client secret was rejected',
    hint: "Send the secret's Value, not its ID, and check it belongs to this clientId.",
  },
  7000222: {
    status: 401,
    code: 'CLIENT_SECRET_EXPIRED',
    title: 'The client secret has expired',
    hint: 'Create a new client secret for the app registration.',
  },
  700016: {
    status: 400,
    code: 'UNKNOWN_APPLICATION',
    title: 'No app registration with this clientId exists in the tenant',
    hint: 'Check clientId and tenantId, and that the app was consented in this tenant.',
  },
  90002: {
    status: 400,
    code: 'UNKNOWN_TENANT',
    title: 'The tenant does not exist',
    hint: "Use the Directory (tenant) ID GUID or one of the tenant's verified domains.",
  },
  900023: {
    status: 400,
    code: 'UNKNOWN_TENANT',
    title: 'The tenant id is malformed',
    hint: 'Use a GUID or domain.',
  },
  70011: {
    status: 400,
    code: 'INVALID_SCOPE',
    title: 'The token scope was rejected',
    hint: 'Check GRAPH_BASE_URL.',
  },
};

export function identityProblem(error: IdentityError): ServiceError {
  const identity = { code: error.error, message: error.description };
  const retry = error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {};
  if (error.error === 'timeout') {
    return new ServiceError(
      504,
      'IDENTITY_TIMEOUT',
      'The token authority timed out',
      error.description,
      'identity',
      {
        identity,
      },
    );
  }
  if (error.error === 'unreachable' || error.upstreamStatus === 0) {
    return new ServiceError(
      502,
      'IDENTITY_UNREACHABLE',
      'The token authority could not be reached',
      error.description,
      'identity',
      { identity },
    );
  }
  const known = error.errorCodes.map((code) => BY_AADSTS[code]).find((entry) => entry !== undefined);
  if (known) {
    return new ServiceError(known.status, known.code, known.title, error.description, 'identity', {
      identity,
      hint: known.hint,
    });
  }
  if (error.upstreamStatus === 429) {
    return new ServiceError(
      429,
      'IDENTITY_THROTTLED',
      'The token authority is throttling',
      error.description,
      'identity',
      {
        identity,
        ...retry,
      },
    );
  }
  const status = error.upstreamStatus >= 500 ? 502 : error.upstreamStatus;
  return new ServiceError(
    status,
    'IDENTITY_ERROR',
    'The token request failed',
    error.description,
    'identity',
    {
      identity,
      ...retry,
    },
  );
}
