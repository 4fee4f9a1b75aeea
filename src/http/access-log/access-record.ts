import type { FastifyRequest } from 'fastify';
import type {
  GraphAttemptObserver,
  GraphCaller,
  GraphRequest,
  GraphResponse,
} from '../../graph/graph-request.js';

/**
 * What one request's access-log line says beyond HTTP: which capability, which tenant, what Graph
 * said, and the problem code when the answer was one.
 */
export interface AccessRecord extends GraphAttemptObserver {
  capability?: string;
  tenantId?: string;
  /** Graph calls the capability made, and their HTTP attempts (retries included). */
  graphCalls: number;
  graphAttempts: number;
  /** The last attempt's outcome: Graph's status, or why Graph never answered. */
  graphStatus?: number | string;
  /** The problem code of a problem+json answer (the body's `code`). */
  problemCode?: string;
}

const records = new WeakMap<FastifyRequest, AccessRecord>();

/** The request's record, made on first use (requests that never reach a route have none). */
export function accessRecordOf(request: FastifyRequest): AccessRecord {
  let record = records.get(request);
  if (!record) {
    record = {
      graphCalls: 0,
      graphAttempts: 0,
      attempted(outcome) {
        this.graphAttempts += 1;
        this.graphStatus = outcome;
      },
    };
    records.set(request, record);
  }
  return record;
}

export function existingAccessRecord(request: FastifyRequest): AccessRecord | undefined {
  return records.get(request);
}

/**
 * A GraphCaller that names `capability` on every call made through it (as forCapability does) and
 * tells `record` about every attempt. One wrapper and one copy of the request per call rather than
 * two stacked: the request copy was the larger part of each wrapper's cost (bench CPU profile).
 */
export function recordingGraphCaller(
  inner: GraphCaller,
  record: AccessRecord,
  capability: string,
): GraphCaller {
  return {
    cloud: inner.cloud,
    send<T>(request: GraphRequest): Promise<GraphResponse<T>> {
      record.graphCalls += 1;
      return inner.send<T>(observedRequest(request, capability, record));
    },
  };
}

/**
 * The request with its capability and observer, copied field by field: a spread of a request that
 * was itself built with a conditional spread copied it property by property through V8's slow path
 * (about 4 µs a call in the bench's CPU profile). `Required` makes the compiler name any field
 * GraphRequest gains, so none is dropped here.
 */
function observedRequest(request: GraphRequest, capability: string, record: AccessRecord): GraphRequest {
  const copy: Required<GraphRequest> = {
    connection: request.connection,
    method: request.method,
    path: request.path,
    query: request.query as Required<GraphRequest>['query'],
    headers: request.headers as Required<GraphRequest>['headers'],
    body: request.body,
    idempotent: request.idempotent as boolean,
    capability: request.capability ?? capability,
    requestId: request.requestId,
    deadline: request.deadline as Required<GraphRequest>['deadline'],
    responseType: request.responseType as Required<GraphRequest>['responseType'],
    observer: record,
  };
  return copy;
}
