import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphNotFoundCode } from '../../errors/error-catalogue.js';
import { problem } from '../../errors/problem.js';
import type { ServiceError } from '../../errors/service-error.js';
import { accessRecordOf } from '../access-log/access-record.js';
import { pathOf } from '../plugins/request-path.js';
import { toProblem } from './to-problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a Graph 404 means on this route, e.g. USER_NOT_FOUND. */
    notFoundCode?: GraphNotFoundCode;
  }
}

/**
 * Renders every failure as RFC 9457 problem+json. A 5xx is also logged at error, with the error
 * itself; any other answer is told by its access line alone, which carries the problem's code (a
 * second line per refused call would double the log of a caller hammering the service with 401s
 * or 429s).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request.routeOptions.config?.notFoundCode);
    if (problem.status >= 500 && problem.code !== 'SHUTTING_DOWN') {
      request.log.error({ err: error, code: problem.code }, 'request failed');
    }
    return sendProblem(request, reply, problem);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      problem(
        'ROUTE_NOT_FOUND',
        `${request.method} ${pathOf(request.url).slice(0, 200)} is not a route of this service; see /docs.`,
      ),
    ),
  );
}

/** Field problems listed in one answer; the rest are only counted (`errorsOmitted`). */
export const MAX_LISTED_ERRORS = 100;

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: ServiceError) {
  accessRecordOf(request).problemCode = problem.code;
  const { retryAfterSeconds } = problem.extra;
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.ceil(retryAfterSeconds)));
  return reply.status(problem.status).type('application/problem+json').send(problemBody(problem, request.id));
}

/** The problem+json body of `problem`, as every answer of this service carries it. */
export function problemBody(problem: ServiceError, requestId: string) {
  const { errors, graph, identity, hint, validValues, seats, groups } = problem.extra;
  const omitted = errors ? errors.length - MAX_LISTED_ERRORS : 0;
  return {
    type: `urn:entra-user-management:problem:${problem.code.toLowerCase().replaceAll('_', '-')}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
    source: problem.source,
    requestId,
    ...(hint ? { hint } : {}),
    ...(graph ? { graph } : {}),
    ...(identity ? { identity } : {}),
    ...(validValues ? { validValues } : {}),
    ...(seats ? { seats } : {}),
    ...(groups ? { groups } : {}),
    ...(errors ? { errors: omitted > 0 ? errors.slice(0, MAX_LISTED_ERRORS) : errors } : {}),
    ...(omitted > 0 ? { errorsOmitted: omitted } : {}),
  };
}
