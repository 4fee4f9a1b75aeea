// The refusals of a malformed `$batch` (the whole batch is a 400, nothing runs) and the answer
// of an item whose dependency failed. Microsoft documents when these happen, rarely the words:
// only the duplicate-id text is seen in recorded answers; the others are best guesses, kept here
// so they are easy to correct. https://learn.microsoft.com/graph/json-batching

import { GraphError } from '../graph/graph-error.js';

/** Graph's documented limit on the requests of one batch. */
export const MAX_BATCH_REQUESTS = 20;

const badRequest = (message: string) => new GraphError(400, 'BadRequest', message);

export const batchErrors = {
  /** Not a JSON object with a `requests` array, or an item that is not an object. */
  invalidPayload: () => badRequest('Invalid batch payload format.'),
  tooManyRequests: (count: number) =>
    badRequest(
      `The batch contains ${count} requests, which exceeds the maximum of ${MAX_BATCH_REQUESTS} requests per batch.`,
    ),
  emptyBatch: () => badRequest('The batch request must contain at least one request.'),
  missingId: () => badRequest('Each request in a batch must have an id that is a non-empty string.'),
  duplicateId: (id: string) => badRequest(`Request Id ${id} has to be unique in a batch.`),
  missingProperty: (id: string, property: 'method' | 'url') =>
    badRequest(`The '${property}' property is required for request Id ${id}.`),
  unsupportedMethod: (id: string, method: string) =>
    badRequest(`The method '${method}' of request Id ${id} is not supported.`),
  absoluteUrl: (id: string) =>
    badRequest(
      `The url of request Id ${id} must be relative to the version root (for example /users), not an absolute URL.`,
    ),
  nestedBatch: (id: string) =>
    badRequest(`Request Id ${id} is a nested $batch request, which is not supported.`),
  invalidHeaders: (id: string) =>
    badRequest(`The headers of request Id ${id} must be an object of string values.`),
  bodyWithoutContentType: (id: string) =>
    badRequest(`Request Id ${id} has a body but no Content-Type header.`),
  /** A dependency that is not an id of a request earlier in the batch. */
  invalidDependency: (id: string) => badRequest(`Invalid dependency for request Id ${id}.`),
};

/** The body of the 424 a request gets when a request it depends on failed. */
export function failedDependencyError(dependencyId: string): GraphError {
  return new GraphError(
    424,
    'FailedDependency',
    `The request was not run because request Id ${dependencyId}, which it depends on, failed.`,
  );
}
