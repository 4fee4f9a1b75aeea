/**
 * The documented problem answers of a route (OpenAPI response objects): one per status, each with
 * a description and an example made by the same factory and renderer as a real answer, so an
 * example can never show a code, title or shape the service does not send.
 */
import {
  ERROR_CATALOGUE,
  type FixedStatusCode,
  type PROBLEM_TOPICS,
  type ProblemCode,
} from '../../errors/error-catalogue.js';
import { problem } from '../../errors/problem.js';
import type { ServiceError } from '../../errors/service-error.js';
import { problemBody } from './error-handler.js';

/** What each status means, whichever route answers it; the body's `code` says which case. */
const STATUS_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid: `code` says how, `errors[]` names the fields.',
  401: 'No API key, or one the service does not know; or the token authority refused the credentials.',
  403: 'Microsoft Graph refused: the app lacks a permission or a directory role.',
  404: 'Not found: `code` says what was missing.',
  405: "Graph does not allow this method on the endpoint (Graph's status, passed on).",
  408: 'The request did not arrive within the HTTP timeouts; the connection is closed.',
  409: 'Conflict with the current state: `code` says which.',
  410: 'Gone: the delta token expired.',
  412: "A precondition failed (Graph's status, passed on).",
  413: 'The body is larger than BODY_LIMIT_BYTES.',
  415: 'The body is not application/json.',
  429: 'Too many requests: honour `Retry-After`.',
  431: 'The request headers are too large; the connection is closed.',
  502: 'Microsoft Graph or the token authority failed or could not be reached.',
  503: 'Unavailable for now (Graph, the state store, the tenant queue, or this instance is stopping): honour `Retry-After`.',
  504: 'Microsoft Graph or the token authority did not answer in time.',
};

/** The example code of a status whatever the route (each route can override it). */
const DEFAULT_CODES: Partial<Record<number, ProblemCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'INSUFFICIENT_PRIVILEGES',
  408: 'REQUEST_TIMEOUT',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  502: 'GRAPH_UPSTREAM_ERROR',
  503: 'GRAPH_UNAVAILABLE',
  504: 'GRAPH_TIMEOUT',
};

/** Statuses that come with a Retry-After header. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/** The example's request id: the shape of a real one, and plainly an example. */
const EXAMPLE_REQUEST_ID = '0f5b8c2e-7d4a-4e3b-9c1d-2a6e8f0b4c7d';

export interface ProblemResponseOptions {
  /** The catalogue topic to take example codes from first (the capability's area). */
  topic?: keyof typeof PROBLEM_TOPICS;
  /** The code each status's example shows, where the route knows it (e.g. 404: USER_NOT_FOUND). */
  codes?: Partial<Record<number, ProblemCode>>;
}

/** Response objects for `statuses`, keyed by status, ready for a route's OpenAPI responses. */
export function problemResponses(statuses: Iterable<number>, options: ProblemResponseOptions = {}) {
  const sorted = [...new Set(statuses)].sort((a, b) => a - b);
  return Object.fromEntries(
    sorted.map((status) => {
      const example = problemBody(exampleProblem(status, options), EXAMPLE_REQUEST_ID);
      return [
        status,
        {
          description: STATUS_DESCRIPTIONS[status] ?? 'Problem details: `code` says what happened.',
          ...(RETRY_AFTER_STATUSES.has(status)
            ? {
                headers: {
                  // A schema with a description: the document generator makes the header object from it.
                  'Retry-After': {
                    type: 'integer',
                    minimum: 0,
                    description: 'Seconds to wait before calling again.',
                  },
                },
              }
            : {}),
          content: { 'application/problem+json': { schema: { $ref: 'Problem#' }, example } },
        },
      ];
    }),
  );
}

function exampleProblem(status: number, options: ProblemResponseOptions): ServiceError {
  const code = options.codes?.[status] ?? DEFAULT_CODES[status] ?? catalogueCodeFor(status, options.topic);
  if (code === undefined) {
    // No code has this fixed status: it is Graph's own refusal, passed on with its status.
    return problem('GRAPH_REQUEST_FAILED', "Graph refused the request; 'graph' carries its answer.", {
      status,
      graph: { code: 'Request_BadRequest', message: "Graph's own message." },
    });
  }
  const definition = ERROR_CATALOGUE[code];
  if (typeof definition.status !== 'number') {
    return problem(code as 'GRAPH_REQUEST_FAILED', stripMarkdown(definition.meaning), { status });
  }
  return problem(code as FixedStatusCode, stripMarkdown(definition.meaning));
}

/** The first catalogue code with this fixed status, preferring the given topic. */
function catalogueCodeFor(status: number, topic: ProblemResponseOptions['topic']): ProblemCode | undefined {
  const codes = Object.entries(ERROR_CATALOGUE).filter(([, definition]) => definition.status === status);
  const preferred = codes.find(([, definition]) => definition.topic === topic) ?? codes[0];
  return preferred?.[0] as ProblemCode | undefined;
}

function stripMarkdown(text: string): string {
  return text.replaceAll('`', '');
}
