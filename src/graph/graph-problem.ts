import type { FixedStatusCode, GraphNotFoundCode } from '../errors/error-catalogue.js';
import { problem } from '../errors/problem.js';
import type { ServiceError, UpstreamDetail } from '../errors/service-error.js';
import type { GraphError } from './graph-error.js';

/** A Graph failure we give its own code; status, title and hint come from the error catalogue. */
interface Rule {
  /** Graph's status this rule applies to. */
  status: number;
  graphCode?: string;
  /** Graph's codes are too coarse for some cases (all create failures are Request_BadRequest); the message decides. */
  message?: RegExp;
  code: FixedStatusCode;
  /** Where one code has several causes, the hint for this one (else the catalogue's). */
  hint?: string;
}

/**
 * Graph failures we give their own stable code. First match wins; anything unmatched keeps Graph's
 * status with a generic code. Graph's documentation asks clients to branch on `error.code`, but it
 * reports most directory refusals as 400 Request_BadRequest, so for those the message decides; a
 * reworded message falls back to the generic code rather than to a wrong one.
 * @see https://learn.microsoft.com/graph/errors
 */
const RULES: Rule[] = [
  { status: 400, message: /same value for property userPrincipalName/i, code: 'USER_ALREADY_EXISTS' },
  { status: 400, message: /password complexity/i, code: 'PASSWORD_TOO_WEAK' },
  { status: 400, message: /domain portion of the userPrincipalName/i, code: 'UPN_DOMAIN_NOT_VERIFIED' },
  { status: 400, message: /Property userPrincipalName is invalid/i, code: 'INVALID_USER_PRINCIPAL_NAME' },
  { status: 400, message: /Invalid value specified for property/i, code: 'INVALID_PROPERTY_VALUE' },
  // Group membership: Graph answers an existing member, a missing member and a group it cannot
  // change with 400 Request_BadRequest alike.
  // @see https://learn.microsoft.com/graph/api/group-post-members
  // @see https://learn.microsoft.com/graph/api/group-delete-members
  // Owners get the members' wording with 'owners' named, so they come first.
  // @see https://learn.microsoft.com/graph/api/group-post-owners
  // @see https://learn.microsoft.com/graph/api/group-delete-owners
  { status: 400, message: /added object references already exist.*'owners'/i, code: 'ALREADY_AN_OWNER' },
  { status: 400, message: /at least one owner/i, code: 'LAST_GROUP_OWNER' },
  { status: 400, message: /added object references already exist/i, code: 'ALREADY_A_MEMBER' },
  { status: 400, message: /removed object references do not exist/i, code: 'NOT_A_MEMBER' },
  {
    status: 400,
    message: /mail-enabled security groups and or distribution list/i,
    code: 'GROUP_MEMBERSHIP_READ_ONLY',
    hint: 'Mail-enabled security groups and distribution lists are managed in Exchange Online (e.g. Add-DistributionGroupMember).',
  },
  {
    status: 400,
    message: /originated within an external service/i,
    code: 'GROUP_MEMBERSHIP_READ_ONLY',
    hint: 'The group is synced from on-premises Active Directory; change its membership there.',
  },
  {
    status: 400,
    message: /dynamic (membership|group)/i,
    code: 'GROUP_MEMBERSHIP_READ_ONLY',
    hint: "A dynamic group's members follow its membership rule; change the user's attributes or the rule instead.",
  },
  // Manager: a loop in the management chain.
  // @see https://learn.microsoft.com/graph/api/user-post-manager
  { status: 400, message: /circular reference|management chain/i, code: 'MANAGER_CYCLE' },
  // Licenses: assignLicense answers every refusal with 400 Request_BadRequest; the message decides.
  // @see https://learn.microsoft.com/graph/api/user-assignlicense
  { status: 400, message: /usage location/i, code: 'USAGE_LOCATION_REQUIRED' },
  { status: 400, message: /does not correspond to a valid company License/i, code: 'UNKNOWN_SKU' },
  { status: 400, message: /does not have any available licenses/i, code: 'NO_FREE_LICENSES' },
  { status: 400, message: /inherited from a group/i, code: 'LICENSE_INHERITED_FROM_GROUP' },
  { status: 400, message: /does not have a corresponding license/i, code: 'LICENSE_NOT_ASSIGNED' },
  {
    status: 400,
    message: /not a service plan of|service plans? .*(not part of|does not belong)|invalid service plan/i,
    code: 'INVALID_DISABLED_PLAN',
  },
  { status: 400, message: /Edm\.Guid/i, code: 'INVALID_ID' },
  { status: 403, code: 'INSUFFICIENT_PRIVILEGES' },
  { status: 401, code: 'GRAPH_TOKEN_REJECTED' },
  { status: 429, code: 'GRAPH_THROTTLED' },
  { status: 503, code: 'GRAPH_UNAVAILABLE' },
  { status: 504, code: 'GRAPH_TIMEOUT' },
];

/**
 * Turns a GraphError into our problem. `notFoundCode` names what a 404 means for the capability
 * (e.g. USER_NOT_FOUND); `hint` replaces the code's own where the caller knows better.
 */
export function graphProblem(
  error: GraphError,
  notFoundCode: GraphNotFoundCode = 'RESOURCE_NOT_FOUND',
  hint?: string,
): ServiceError {
  if (error.status === 404) return graphNotFound(error, notFoundCode, hint);
  const rule = RULES.find(
    (candidate) =>
      candidate.status === error.status &&
      (!candidate.graphCode || candidate.graphCode === error.code) &&
      (!candidate.message || candidate.message.test(error.graphMessage)),
  );
  const errors = propertyProblem(error.graphMessage);
  const chosenHint = hint ?? rule?.hint;
  const extra = {
    graph: upstreamDetail(error),
    ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    ...(chosenHint ? { hint: chosenHint } : {}),
    ...(errors ? { errors } : {}),
  };
  if (rule) return problem(rule.code, error.graphMessage, extra);
  // Any other 5xx is a fault beyond us (502); any other 4xx keeps Graph's status.
  if (error.status >= 500) return problem('GRAPH_UPSTREAM_ERROR', error.graphMessage, extra);
  return problem('GRAPH_REQUEST_FAILED', error.graphMessage, { ...extra, status: error.status });
}

/** A Graph 404 under the code that says what was missing. */
export function graphNotFound(error: GraphError, code: GraphNotFoundCode, hint?: string): ServiceError {
  return problem(code, error.graphMessage, { graph: upstreamDetail(error), ...(hint ? { hint } : {}) });
}

/** What the caller may see of Graph's error: its code, message and correlation. */
function upstreamDetail(error: GraphError): UpstreamDetail {
  return {
    code: error.code,
    message: error.graphMessage,
    ...(error.requestId ? { requestId: error.requestId } : {}),
    ...(error.date ? { date: error.date } : {}),
  };
}

function propertyProblem(message: string) {
  const match = /property '([^']+)'/i.exec(message);
  return match ? [{ path: `/${match[1]}`, message }] : undefined;
}
