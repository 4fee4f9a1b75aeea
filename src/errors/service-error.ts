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

/** A SKU's seats, as a problem about running out of them reports them. */
export interface SeatCounts {
  skuId: string;
  skuPartNumber: string;
  enabled: number;
  consumed: number;
  free: number;
}

/** A group a problem is about (e.g. the one a license is inherited from). */
export interface GroupReference {
  id: string;
  displayName?: string;
}

/** What a problem may carry besides its code and detail. */
export interface ProblemExtra {
  errors?: FieldProblem[];
  graph?: UpstreamDetail;
  identity?: UpstreamDetail;
  retryAfterSeconds?: number;
  hint?: string;
  /** The values that would have been accepted, for a name that matched none. */
  validValues?: string[];
  seats?: SeatCounts;
  groups?: GroupReference[];
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
