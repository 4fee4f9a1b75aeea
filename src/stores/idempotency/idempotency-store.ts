/**
 * Where the outcome of a request sent with an `Idempotency-Key` is kept, so that a repeat gets the
 * first outcome instead of a second effect. One interface, three implementations (memory, sqlite,
 * redis) that all pass test/stores/idempotency-store-contract.ts.
 *
 * A record is claimed by one request (`begin`), which holds it under a lease while it runs, then
 * either stores its response (`complete`, kept for the retention time) or gives the key back
 * (`release`) when its outcome is not worth replaying. The owner token makes both a no-op for a
 * request whose lease ran out and whose key another request has claimed since.
 */

/** The response a repeat gets back, byte for byte. */
export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

export type BeginOutcome =
  /** The key was free: the caller runs the request and must complete or release. */
  | { state: 'claimed'; owner: string }
  /** Another request with this key is running (or crashed less than a lease ago). */
  | { state: 'running'; fingerprint: string; leaseExpiresAt: number }
  /** A request with this key finished: its response is replayed. */
  | { state: 'completed'; fingerprint: string; response: StoredResponse };

export interface IdempotencyStore {
  readonly kind: 'sqlite' | 'redis' | 'memory';
  /** Claims `key` for a request with this fingerprint, or says who has it. Atomic across replicas. */
  begin(key: string, fingerprint: string, leaseMs: number): Promise<BeginOutcome>;
  /** Stores the claimed request's response for `retentionMs`. */
  complete(key: string, owner: string, response: StoredResponse, retentionMs: number): Promise<void>;
  /** Frees the key (the request's outcome is not replayed). */
  release(key: string, owner: string): Promise<void>;
  close(): Promise<void>;
}

/** The serialized form the sqlite and redis stores keep. */
export interface IdempotencyRecord {
  fingerprint: string;
  owner: string;
  /** Epoch milliseconds: the lease while running, the retention end once completed. */
  expiresAt: number;
  response?: StoredResponse;
}

export function outcomeOf(record: IdempotencyRecord): BeginOutcome {
  return record.response
    ? { state: 'completed', fingerprint: record.fingerprint, response: record.response }
    : { state: 'running', fingerprint: record.fingerprint, leaseExpiresAt: record.expiresAt };
}
