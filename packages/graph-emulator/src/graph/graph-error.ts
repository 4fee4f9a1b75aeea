// Graph's error envelope: `{error: {code, message, details?, innerError: {date, request-id,
// client-request-id}}}`. Handlers throw GraphError; the app's error handler writes the body.
// https://learn.microsoft.com/graph/errors

import type { FastifyReply } from 'fastify';

export interface GraphErrorDetail {
  code: string;
  message?: string;
  target?: string;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: GraphErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'GraphError';
  }
}

/** `YYYY-MM-DDTHH:MM:SS`, UTC without a zone suffix, as Graph writes innerError.date. */
export function graphErrorDate(date = new Date()): string {
  return date.toISOString().slice(0, 19);
}

export function sendGraphError(reply: FastifyReply, err: GraphError): FastifyReply {
  const requestId = String(reply.getHeader('request-id') ?? '');
  const clientRequestId = String(reply.getHeader('client-request-id') ?? requestId);
  const body = {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details ? { details: err.details } : {}),
      innerError: { date: graphErrorDate(), 'request-id': requestId, 'client-request-id': clientRequestId },
    },
  };
  if (err.headers) reply.headers(err.headers);
  return reply.code(err.status).type('application/json').send(JSON.stringify(body));
}

const NOT_FOUND_TAIL = 'does not exist or one of its queried reference-property objects are not present.';

/** Graph's catalogue of the errors this emulator raises, so wording lives in one place. */
export const graphErrors = {
  notFound: (asSent: string) =>
    new GraphError(404, 'Request_ResourceNotFound', `Resource '${asSent}' ${NOT_FOUND_TAIL}`),
  badRequest: (message: string, details?: GraphErrorDetail[]) =>
    new GraphError(400, 'Request_BadRequest', message, details),
  unsupportedQuery: (message: string) => new GraphError(400, 'Request_UnsupportedQuery', message),
  segmentNotFound: (segment: string) =>
    new GraphError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  methodNotAllowed: () =>
    new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'),
  /** What Graph answers an app whose token lacks every permission the call accepts. */
  insufficientPrivileges: () =>
    new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  notImplemented: () => new GraphError(501, 'NotImplemented', 'This operation target is not yet supported.'),
  invalidValue: (property: string) =>
    new GraphError(
      400,
      'Request_BadRequest',
      `Invalid value specified for property '${property}' of resource 'User'.`,
    ),
  invalidToken: (message: string) =>
    new GraphError(401, 'InvalidAuthenticationToken', message, undefined, {
      'www-authenticate':
        'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    }),
};
