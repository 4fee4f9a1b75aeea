import type { FastifyError } from 'fastify';
import { type FieldProblem, ServiceError } from '../../errors/service-error.js';
import { GraphError, GraphUnavailableError } from '../../graph/graph-error.js';
import { graphProblem } from '../../graph/graph-problem.js';
import { TenantQueueFullError } from '../../graph/tenant-bulkhead.js';
import { IdentityError } from '../../identity/identity-error.js';
import { identityProblem } from '../../identity/identity-problem.js';
import { CursorConflictError, StoreUnavailableError } from '../../stores/store-errors.js';
import { validationProblems } from './validation-problems.js';

/** Fastify's own 4xx errors that get a stable code of ours. */
const FASTIFY_CODES: Record<string, { code: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', title: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Send application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'EMPTY_BODY', title: 'The request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID_JSON', title: 'The request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'INVALID_CONTENT_LENGTH',
    title: 'Content-Length does not match',
  },
};

/**
 * The one place that decides what any error means for the caller: status, stable code, and what
 * may be shown. Unknown errors become a 500 that reveals nothing.
 */
export function toProblem(error: unknown, notFoundCode?: string): ServiceError {
  if (error instanceof ServiceError) return error;
  if (error instanceof GraphError) return graphProblem(error, notFoundCode);
  if (error instanceof IdentityError) return identityProblem(error);
  if (error instanceof GraphUnavailableError && error.reason === 'bad_response') {
    return new ServiceError(
      502,
      'GRAPH_BAD_RESPONSE',
      "Graph's answer could not be used",
      'Microsoft Graph answered with a body this service cannot pass on (malformed or too large).',
      'graph',
    );
  }
  if (error instanceof GraphUnavailableError) {
    const timeout = error.reason === 'timeout';
    return new ServiceError(
      timeout ? 504 : 502,
      timeout ? 'GRAPH_TIMEOUT' : 'GRAPH_UNREACHABLE',
      timeout ? 'Graph did not answer in time' : 'Graph could not be reached',
      timeout ? 'The call to Microsoft Graph timed out.' : 'The connection to Microsoft Graph failed.',
      'graph',
    );
  }
  if (error instanceof CursorConflictError) {
    return new ServiceError(
      409,
      'CURSOR_CONFLICT',
      'The sync cursor moved meanwhile',
      `Another call advanced cursor '${error.key.syncKey}' (now version ${error.currentVersion}); read it and retry.`,
      'request',
    );
  }
  if (error instanceof TenantQueueFullError) {
    return new ServiceError(
      503,
      'TENANT_QUEUE_FULL',
      'Too many calls are waiting for this tenant',
      "This tenant's Graph calls are at their concurrency limit and its queue is full; retry after the Retry-After interval.",
      'service',
      { retryAfterSeconds: error.retryAfterSeconds },
    );
  }
  if (error instanceof StoreUnavailableError) {
    return new ServiceError(
      503,
      'STORE_UNAVAILABLE',
      'The state store is unavailable',
      'Sync cursors cannot be read or written right now; capabilities without a syncKey still work.',
      'service',
      { retryAfterSeconds: 5 },
    );
  }
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown[] };
  if (Array.isArray(fastifyError.validation)) {
    const errors: FieldProblem[] = validationProblems(
      fastifyError.validation,
      fastifyError.validationContext,
    );
    const fields = errors.map((problem) => problem.path).join(', ');
    return new ServiceError(
      400,
      'VALIDATION_FAILED',
      'Invalid request',
      `Invalid fields: ${fields}`,
      'request',
      {
        errors,
      },
    );
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const known = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
    // A JSON syntax error from the body parser has no FST code but a 400 status.
    const code = known?.code ?? (error instanceof SyntaxError ? 'INVALID_JSON' : 'BAD_REQUEST');
    return new ServiceError(
      status,
      code,
      known?.title ?? 'Bad request',
      safeMessage(fastifyError.message),
      'request',
    );
  }
  return new ServiceError(
    500,
    'INTERNAL_ERROR',
    'Internal error',
    'An unexpected error occurred. Quote the requestId when reporting it.',
    'service',
  );
}

/** Fastify's 4xx messages are about the request's shape; keep them short and single-line. */
function safeMessage(message: string | undefined): string {
  return (message ?? 'Bad request').replace(/[\r\n]+/g, ' ').slice(0, 300);
}
