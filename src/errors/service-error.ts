import type { ProblemCode, ProblemSource } from './error-catalogue.js';

export type { ProblemSource } from './error-catalogue.js';

export interface FieldProblem {
  /** JSON pointer into the request body, e.g. `/userId`. */
  path: string;
  message: string;
}

export interface UpstreamDetail {
  code: string;
  message: string;
  requestId?: string;
  date?: string;
}

/** What a problem may carry besides its code and detail. */
export interface ProblemExtra {
  errors?: FieldProblem[];
  graph?: UpstreamDetail;
  identity?: UpstreamDetail;
  retryAfterSeconds?: number;
  hint?: string;
}

/**
 * An error with a stable code that the error handler turns into problem+json as it is.
 * Everything in it is safe to show a caller. Made by `problem()` (problem.ts), which takes the
 * status, title, source and default hint from the error catalogue.
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly status: number,
    /** Stable, documented code, e.g. `USER_NOT_FOUND`. */
    readonly code: ProblemCode,
    readonly title: string,
    readonly detail: string,
    readonly source: ProblemSource,
    readonly extra: ProblemExtra = {},
  ) {
    super(detail);
  }
}
