/**
 * One item's line in the `/batch` answer: the capability's `output` envelope or its problem+json
 * body, exactly as the single call would have answered (same code, same status), and the same
 * response as the single call records it for an Idempotency-Key, so the two replay each other.
 */
import type { CapabilityOutput } from '../../capabilities/capability.js';
import type { ServiceError } from '../../errors/service-error.js';
import type { StoredResponse } from '../../stores/idempotency/idempotency-store.js';
import { problemBody } from '../problem/error-handler.js';

export interface BatchItemResult {
  id: string;
  status: number;
  output?: CapabilityOutput;
  problem?: ReturnType<typeof problemBody>;
  /** Seconds: the Retry-After header the single call's problem would have carried. */
  retryAfter?: number;
  replayed?: true;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

export function outputResult(id: string, output: CapabilityOutput): BatchItemResult {
  return { id, status: 200, output };
}

export function problemResult(id: string, problem: ServiceError, requestId: string): BatchItemResult {
  const { retryAfterSeconds } = problem.extra;
  return {
    id,
    status: problem.status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfter: Math.ceil(retryAfterSeconds) }),
    problem: problemBody(problem, requestId),
  };
}

/** An outcome recorded for `<key>/<id>` (by a batch item or a single call), replayed. */
export function replayedResult(id: string, stored: StoredResponse): BatchItemResult {
  const body = JSON.parse(stored.body) as { output?: CapabilityOutput };
  return stored.status < 300 && body.output !== undefined
    ? { id, status: stored.status, output: body.output, replayed: true }
    : { id, status: stored.status, problem: body as BatchItemResult['problem'], replayed: true };
}

/** The response the single call would have sent, as an Idempotency-Key record keeps it. */
export function storedResponseOf(result: BatchItemResult): StoredResponse {
  return result.output !== undefined
    ? { status: result.status, contentType: JSON_TYPE, body: JSON.stringify({ output: result.output }) }
    : { status: result.status, contentType: PROBLEM_TYPE, body: JSON.stringify(result.problem) };
}

export function itemFailed(result: BatchItemResult): boolean {
  return result.status >= 400;
}
