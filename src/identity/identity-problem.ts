import type { FixedStatusCode } from '../errors/error-catalogue.js';
import { problem } from '../errors/problem.js';
import type { ServiceError } from '../errors/service-error.js';
import type { IdentityError } from './identity-error.js';

/**
 * Token-endpoint failures by AADSTS number, each with our code; status, title and hint come from
 * the error catalogue, `hint` here only where one code has several causes.
 * @see https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
const BY_AADSTS: Record<number, { code: FixedStatusCode; hint?: string }> = {
  7000215: { code: 'INVALID_CLIENT_SECRET' },
  7000222: { code: 'CLIENT_SECRET_EXPIRED' },
  700016: { code: 'UNKNOWN_APPLICATION' },
  90002: { code: 'UNKNOWN_TENANT' },
  900023: { code: 'UNKNOWN_TENANT', hint: 'Use a GUID or domain.' },
  70011: { code: 'INVALID_SCOPE' },
  // Certificate assertions: key not registered or signature wrong, outside its time range, malformed,
  // or iss/sub not the client id.
  700027: { code: 'INVALID_CLIENT_ASSERTION' },
  700024: {
    code: 'INVALID_CLIENT_ASSERTION',
    hint: 'Check the clock of this host, or the age of the federated token.',
  },
  50027: { code: 'INVALID_CLIENT_ASSERTION' },
  700021: { code: 'INVALID_CLIENT_ASSERTION' },
  50013: {
    code: 'INVALID_CLIENT_ASSERTION',
    hint: "The federated token's signature did not verify with its issuer's keys.",
  },
  // Workload identity: no federated credential of the app matches the token's issuer, audience or subject.
  70021: { code: 'FEDERATED_CREDENTIAL_MISMATCH' },
  700211: { code: 'FEDERATED_CREDENTIAL_MISMATCH' },
  700212: { code: 'FEDERATED_CREDENTIAL_MISMATCH' },
  700213: { code: 'FEDERATED_CREDENTIAL_MISMATCH' },
  7002138: { code: 'FEDERATED_CREDENTIAL_MISMATCH', hint: 'Subjects are compared case-sensitively.' },
};

export function identityProblem(error: IdentityError): ServiceError {
  const identity = { code: error.error, message: error.description };
  const retry = error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {};
  if (error.error === 'timeout') return problem('IDENTITY_TIMEOUT', error.description, { identity });
  if (error.error === 'credential_unavailable') {
    return problem('CREDENTIAL_UNAVAILABLE', error.description, { identity });
  }
  if (error.error === 'unreachable' || error.upstreamStatus === 0) {
    return problem('IDENTITY_UNREACHABLE', error.description, { identity });
  }
  const known = error.errorCodes.map((code) => BY_AADSTS[code]).find((entry) => entry !== undefined);
  if (known) {
    return problem(known.code, error.description, { identity, ...(known.hint ? { hint: known.hint } : {}) });
  }
  if (error.upstreamStatus === 429)
    return problem('IDENTITY_THROTTLED', error.description, { identity, ...retry });
  // The authority's 4xx as it is; its 5xx is a fault beyond us (502).
  const status = error.upstreamStatus >= 500 ? 502 : error.upstreamStatus;
  return problem('IDENTITY_ERROR', error.description, { identity, ...retry, status });
}
