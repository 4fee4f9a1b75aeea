/**
 * Graph answered with an error envelope (`{"error": {...}}`). Parsed at the client's edge so that
 * nothing above it inspects raw responses.
 * @see https://learn.microsoft.com/graph/errors
 */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  constructor(
    readonly status: number,
    /** Graph's `error.code`, e.g. `Request_ResourceNotFound`. */
    readonly code: string,
    readonly graphMessage: string,
    readonly requestId?: string,
    readonly date?: string,
    /** Seconds from `Retry-After`, when present. */
    readonly retryAfterSeconds?: number,
    /** `error.details` when Graph sent them (e.g. ObjectConflict targets). */
    readonly details?: Array<{ code?: string; message?: string; target?: string }>,
  ) {
    super(`${status} ${code}: ${graphMessage}`);
  }

  /**
   * Set by the Graph client when this is the answer to a retry and an earlier attempt of the same
   * call may have been applied (its connection broke after the request was sent, or Graph said
   * 503/504). A 404 to a retried DELETE then means the object is gone, perhaps by our own hand.
   */
  earlierAttemptMayHaveApplied = false;
}

/** Graph could not be reached or did not answer in time; no status from Graph exists. */
export class GraphUnavailableError extends Error {
  override readonly name = 'GraphUnavailableError';
  constructor(
    /** `timeout` maps to 504, `unreachable` to 502. */
    readonly reason: 'timeout' | 'unreachable' | 'bad_response',
    message: string,
  ) {
    super(message);
  }
}
