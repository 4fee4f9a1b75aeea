import { ServiceError } from '../errors/service-error.js';
import type { GraphError } from './graph-error.js';

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
 * status with a generic code. @see reference/graph-api.md sections 1.5, 6.3, 7, 8, 9, 11, 12.
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
  // Group membership (reference 11, 12): Graph says all of these with 400 Request_BadRequest.
  {
    status: 400,
    message: /added object references already exist/i,
    code: 'ALREADY_A_MEMBER',
    ourStatus: 409,
    title: 'The user is already a member of the group',
    hint: 'Nothing to do; send ifAlreadyMember: "succeed" to have a retry report success with changed: false.',
  },
  {
    status: 400,
    message: /removed object references do not exist/i,
    code: 'NOT_A_MEMBER',
    ourStatus: 404,
    title: 'The user is not a member of the group',
    hint: 'Nothing to do; send ifNotMember: "succeed" to have a retry report success with changed: false.',
  },
  {
    status: 400,
    message: /mail-enabled security groups and or distribution list/i,
    code: 'GROUP_MEMBERSHIP_READ_ONLY',
    title: 'Graph cannot change the membership of this group',
    hint: 'Mail-enabled security groups and distribution lists are managed in Exchange Online (e.g. Add-DistributionGroupMember).',
  },
  {
    status: 400,
    message: /originated within an external service/i,
    code: 'GROUP_MEMBERSHIP_READ_ONLY',
    title: 'Graph cannot change the membership of this group',
    hint: 'The group is synced from on-premises Active Directory; change its membership there.',
  },
  {
    status: 400,
    message: /dynamic (membership|group)/i,
    code: 'GROUP_MEMBERSHIP_READ_ONLY',
    title: 'Graph cannot change the membership of this group',
    hint: "A dynamic group's members follow its membership rule; change the user's attributes or the rule instead.",
  },
  // Licenses (reference 9.1): one code, Request_BadRequest, for everything; the message decides.
  {
    status: 400,
    message: /usage location/i,
    code: 'USAGE_LOCATION_REQUIRED',
    ourStatus: 409,
    title: 'The user has no usage location, which licensing requires',
    hint: 'Set usageLocation (a two-letter country code) first, e.g. update-user with otherAttributes: {"usageLocation": "US"}.',
  },
  {
    status: 400,
    message: /does not correspond to a valid company License/i,
    code: 'UNKNOWN_SKU',
    title: 'The tenant has no subscription with this SKU',
    hint: 'Use a skuId the tenant owns: see GET /subscribedSkus (make-a-custom-api-call with endpoint /subscribedSkus).',
  },
  {
    status: 400,
    message: /does not have any available licenses/i,
    code: 'NO_FREE_LICENSES',
    ourStatus: 409,
    title: 'All seats of this SKU are in use',
    hint: 'Buy more seats or remove the license from another user; free seats = prepaidUnits.enabled - consumedUnits in /subscribedSkus.',
  },
  {
    status: 400,
    message: /inherited from a group/i,
    code: 'LICENSE_INHERITED_FROM_GROUP',
    ourStatus: 409,
    title: 'The license comes from a group and cannot be removed from the user directly',
    hint: 'Remove the user from the group that assigns the license, or remove the license from that group.',
  },
  {
    status: 400,
    message: /does not have a corresponding license/i,
    code: 'LICENSE_NOT_ASSIGNED',
    ourStatus: 409,
    title: 'The user does not hold this license',
    hint: 'Check the user\'s assignedLicenses with read-user (select: ["assignedLicenses"]).',
  },
  {
    status: 400,
    message: /not a service plan of|service plans? .*(not part of|does not belong)|invalid service plan/i,
    code: 'INVALID_DISABLED_PLAN',
    title: 'A disabled plan is not a service plan of the SKU',
    hint: "disabledPlans must be servicePlanIds from the SKU's servicePlans in /subscribedSkus.",
  },
  {
    status: 400,
    message: /Edm\.Guid/i,
    code: 'INVALID_ID',
    title: 'Graph expected a GUID',
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
