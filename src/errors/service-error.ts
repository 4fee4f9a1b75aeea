/** Where a problem came from, as reported in problem+json `source`. */
export type ProblemSource = 'request' | 'service' | 'identity' | 'graph';

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

/**
 * An error with a stable code that the error handler turns into problem+json as it is.
 * Everything in it is safe to show a caller.
 */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly status: number,
    /** Stable, documented code, e.g. `USER_NOT_FOUND`. */
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly source: ProblemSource,
    readonly extra: {
      errors?: FieldProblem[];
      graph?: UpstreamDetail;
      identity?: UpstreamDetail;
      retryAfterSeconds?: number;
      hint?: string;
    } = {},
  ) {
    super(detail);
  }
}

/** 400 for a body that is well-formed JSON but asks for something invalid. */
export function badRequest(code: string, detail: string, errors?: FieldProblem[]): ServiceError {
  return new ServiceError(400, code, 'Invalid request', detail, 'request', errors ? { errors } : {});
}
