import type { GraphError } from '../graph/graph-error.js';
import { ServiceError } from './service-error.js';

interface Rule {
  status: number;
  graphCode?: string;
  /** Graph's codes are too coarse for some cases (all create failures are Request_BadRequest); the message decides. */
  message?: RegExp;
  code: string;
  /** Our status, when it differs from Graph's. */
  ourStatus?: number;
  title: string;
  hint?: string;
}

/**
 * Graph failures we give their own stable code. First match wins; anything unmatched keeps Graph's
 * status with a generic code. @see reference/graph-api.md sections 1.5, 6.3, 7, 8.
 */
const RULES: Rule[] = [
  {
    status: 400,
    message: /same value for property userPrincipalName/i,
    code: 'USER_ALREADY_EXISTS',
    ourStatus: 409,
    title: 'A user with this userPrincipalName already exists',
    hint: 'Pick another principal name; a soft-deleted user keeps its name for 30 days unless purged.',
  },
  {
    status: 400,
    message: /password complexity/i,
    code: 'PASSWORD_TOO_WEAK',
    title: 'The password does not meet the tenant policy',
    hint: 'Use at least 8 characters from 3 of: lower case, upper case, digits, symbols.',
  },
  {
    status: 400,
    message: /domain portion of the userPrincipalName/i,
    code: 'UPN_DOMAIN_NOT_VERIFIED',
    title: 'The principal name uses a domain the tenant has not verified',
    hint: "Use one of the tenant's verified domains (see GET /organization verifiedDomains).",
  },
  {
    status: 400,
    message: /Property userPrincipalName is invalid/i,
    code: 'INVALID_USER_PRINCIPAL_NAME',
    title: 'The principal name is not valid',
  },
  {
    status: 400,
    message: /Invalid value specified for property/i,
    code: 'INVALID_PROPERTY_VALUE',
    title: 'Graph rejected a property value',
  },
  {
    status: 403,
    code: 'INSUFFICIENT_PRIVILEGES',
    title: 'The app registration lacks the permission or directory role for this call',
    hint: 'Grant the application permissions listed in the README (admin consent) and the User Administrator role.',
  },
  { status: 401, code: 'GRAPH_TOKEN_REJECTED', title: 'Graph rejected the access token' },
  {
    status: 429,
    code: 'GRAPH_THROTTLED',
    title: 'Graph is throttling this application',
    hint: 'Retry after the Retry-After interval.',
  },
  { status: 503, code: 'GRAPH_UNAVAILABLE', title: 'Graph is temporarily unavailable' },
  { status: 504, code: 'GRAPH_TIMEOUT', title: 'Graph timed out', ourStatus: 504 },
];

/** Turns a GraphError into our problem. `notFoundCode` names what a 404 means for the capability (e.g. USER_NOT_FOUND). */
export function graphProblem(error: GraphError, notFoundCode = 'RESOURCE_NOT_FOUND'): ServiceError {
  const graph = {
    code: error.code,
    message: error.graphMessage,
    ...(error.requestId ? { requestId: error.requestId } : {}),
    ...(error.date ? { date: error.date } : {}),
  };
  const retry = error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {};
  if (error.status === 404) {
    return new ServiceError(404, notFoundCode, 'Not found', error.graphMessage, 'graph', { graph });
  }
  const rule = RULES.find(
    (candidate) =>
      candidate.status === error.status &&
      (!candidate.graphCode || candidate.graphCode === error.code) &&
      (!candidate.message || candidate.message.test(error.graphMessage)),
  );
  const status = rule?.ourStatus ?? upstreamStatus(error.status);
  const errors = propertyProblem(error.graphMessage);
  return new ServiceError(
    status,
    rule?.code ?? (error.status >= 500 ? 'GRAPH_UPSTREAM_ERROR' : 'GRAPH_REQUEST_FAILED'),
    rule?.title ?? 'Graph refused the request',
    error.graphMessage,
    'graph',
    { graph, ...retry, ...(rule?.hint ? { hint: rule.hint } : {}), ...(errors ? { errors } : {}) },
  );
}

/** Upstream 4xx keep their status; a 5xx other than 503/504 becomes 502 (the fault is beyond us). */
function upstreamStatus(status: number): number {
  if (status === 503 || status === 504) return status;
  return status >= 500 ? 502 : status;
}

function propertyProblem(message: string) {
  const match = /property '([^']+)'/i.exec(message);
  return match ? [{ path: `/${match[1]}`, message }] : undefined;
}
