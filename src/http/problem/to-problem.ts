import type { FastifyError } from 'fastify';
import type { FixedStatusCode, GraphNotFoundCode } from '../../errors/error-catalogue.js';
import { problem } from '../../errors/problem.js';
import { type FieldProblem, ServiceError } from '../../errors/service-error.js';
import { GraphError, GraphUnavailableError } from '../../graph/graph-error.js';
import { graphProblem } from '../../graph/graph-problem.js';
import { TenantQueueFullError } from '../../graph/tenant-bulkhead.js';
import { TenantBudgetSpentError } from '../../graph/tenant-graph-budget.js';
import { IdentityError } from '../../identity/identity-error.js';
import { identityProblem } from '../../identity/identity-problem.js';
import { CursorConflictError, StoreUnavailableError } from '../../stores/store-errors.js';
import { fieldList, validationProblems } from './validation-problems.js';

/** Fastify's own 4xx errors that get a stable code of ours. */
const FASTIFY_CODES: Record<string, FixedStatusCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
};

/**
 * The one place that decides what any error means for the caller: status, stable code, and what
 * may be shown. Unknown errors become a 500 that reveals nothing.
 */
export function toProblem(error: unknown, notFoundCode?: GraphNotFoundCode): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof GraphError) return graphProblem(error, notFoundCode);
  if (error instanceof IdentityError) return identityProblem(error);
  if (error instanceof GraphUnavailableError && error.reason === 'bad_response') {
    // The message is the service's own sentence (malformed, too large, a redirect), never Graph's bytes.
    return problem('GRAPH_BAD_RESPONSE', error.message);
  }
  if (error instanceof GraphUnavailableError) {
    return error.reason === 'timeout'
      ? problem('GRAPH_TIMEOUT', 'The call to Microsoft Graph timed out.')
      : problem('GRAPH_UNREACHABLE', 'The connection to Microsoft Graph failed.');
  }
  if (error instanceof CursorConflictError) {
    return problem(
      'CURSOR_CONFLICT',
      `Another call advanced cursor '${error.key.syncKey}' (now version ${error.currentVersion}); read it and retry.`,
    );
  }
  if (error instanceof TenantQueueFullError) {
    return problem(
      'TENANT_QUEUE_FULL',
      "This tenant's Graph calls are at their concurrency limit and its queue is full; retry after the Retry-After interval.",
      { retryAfterSeconds: error.retryAfterSeconds },
    );
  }
  if (error instanceof TenantBudgetSpentError) {
    return problem(
      'GRAPH_THROTTLED',
      "This tenant's Graph request budget (GRAPH_TENANT_BUDGET_PER_10S) has no room before this call's deadline; the call was not sent. Retry after the Retry-After interval.",
      { retryAfterSeconds: error.retryAfterSeconds },
    );
  }
  if (error instanceof StoreUnavailableError) {
    return problem(
      'STORE_UNAVAILABLE',
      'Sync cursors cannot be read or written right now; capabilities without a syncKey still work.',
      { retryAfterSeconds: 5 },
    );
  }
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown[] };
  if (Array.isArray(fastifyError.validation)) {
    const errors: FieldProblem[] = validationProblems(
      fastifyError.validation,
      fastifyError.validationContext,
    );
    const fields = fieldList(errors.map((field) => field.path));
    return problem('VALIDATION_FAILED', `Invalid fields: ${fields}`, { errors });
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const detail = safeMessage(fastifyError.message);
    const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
    if (known) return problem(known, detail);
    // A JSON syntax error from the body parser has no FST code but a 400 status.
    if (error instanceof SyntaxError) return problem('INVALID_JSON', detail);
    return problem('BAD_REQUEST', detail, { status });
  }
  return problem('INTERNAL_ERROR', 'An unexpected error occurred. Quote the requestId when reporting it.');
}

/** Fastify's 4xx messages are about the request's shape; keep them short and single-line. */
function safeMessage(message: string | undefined): string {
  return (message ?? 'Bad request').replace(/[\r\n]+/g, ' ').slice(0, 300);
}
