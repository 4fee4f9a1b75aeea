import type { CloudEndpoints, Connection } from '../config/connection.js';
import type { Deadline } from '../net/deadline.js';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One call to Graph, relative to the version root (`/v1.0` or `/beta`). */
export interface GraphRequest {
  connection: Connection;
  method: GraphMethod;
  /** Already-encoded path below the version root, starting with `/`, e.g. `/users/abc%23EXT%23%40x.com`. */
  path: string;
  /** Raw query string without the leading `?` (sent as given), or parameters to encode. */
  query?: string | URLSearchParams;
  /** Extra request headers (e.g. ConsistencyLevel). Authorization and client-request-id are set by the client. */
  headers?: Record<string, string>;
  /** JSON body; serialised by the client. */
  body?: unknown;
  /**
   * Whether repeating the call is harmless. Defaults: GET, PUT, DELETE true; POST, PATCH false.
   * A non-idempotent call is retried only when Graph cannot have applied it (429, refused connection).
   */
  idempotent?: boolean;
  /** The capability the call is made for (metrics and traces label by it); unset for the service's own calls. */
  capability?: string;
  /** Our request id; every Graph call carries a client-request-id derived from it. */
  requestId: string;
  /** The caller's deadline: bounds every attempt, wait and retry of this call. */
  deadline?: Deadline;
  /**
   * `json` (default): the body is parsed JSON, or null when empty; malformed JSON is an error.
   * `raw`: the body is a RawBody (JSON, text or base64 by content type), for pass-through callers.
   * `json-text`: a successful JSON object answer stays unparsed, as a JsonText (json-text.ts), for
   * callers that hand it on unread; anything else is parsed as with `json`.
   */
  responseType?: 'json' | 'raw' | 'json-text';
  /** Told how each attempt ended (Graph's status, or the transport failure's kind), retries included. */
  observer?: GraphAttemptObserver;
}

export interface GraphAttemptObserver {
  attempted(outcome: number | string): void;
}

export interface GraphResponse<T = unknown> {
  status: number;
  /** Response headers worth returning to callers (request-id, client-request-id, location, ...). */
  headers: Record<string, string>;
  /** Parsed JSON, or null for an empty body (204). */
  body: T;
}

/** What capabilities depend on: send one request and get Graph's answer, or a GraphError. */
export interface GraphCaller {
  readonly cloud: CloudEndpoints;
  send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>>;
}
