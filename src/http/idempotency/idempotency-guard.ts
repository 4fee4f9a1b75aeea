import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem } from '../../errors/problem.js';
import type { IdempotencyStore, StoredResponse } from '../../stores/idempotency/idempotency-store.js';
import { idempotencyKeyOf, idempotencyRecordKey, requestFingerprint } from './idempotency-key.js';

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** How long a finished request's response is replayed (IDEMPOTENCY_RETENTION_MS). */
  retentionMs: number;
  /** How long a running request holds its key; past it, a crashed request's key is free again. */
  leaseMs: number;
}

interface Claim {
  key: string;
  owner: string;
}

/** Requests that hold a key until their response is recorded (see registerIdempotencyRecording). */
const claims = new WeakMap<FastifyRequest, Claim>();
/** Requests whose response must not be replayed although its status would be (see declineReplay). */
const declined = new WeakSet<FastifyRequest>();

/** Header that marks a replayed response, as Stripe and others name it. */
export const REPLAYED_HEADER = 'idempotent-replayed';

/**
 * Before a mutating capability runs: with no `Idempotency-Key`, nothing happens. With one, either
 * this request claims the key and runs (its response is recorded when sent), or the first
 * request's response is replayed ('replayed': the reply is sent), or it is refused: 422 when the
 * key was used for another request, 409 while the first one is still running.
 */
export async function guardIdempotency(
  request: FastifyRequest,
  reply: FastifyReply,
  target: { capabilityId: string; mutates: boolean; tenantId: string; clientId: string },
  options: IdempotencyOptions,
): Promise<'run' | 'replayed'> {
  const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
  if (idempotencyKey === undefined || !target.mutates) return 'run';
  const key = idempotencyRecordKey({
    apiKey: bearerOf(request.headers.authorization),
    tenantId: target.tenantId,
    clientId: target.clientId,
    idempotencyKey,
  });
  const fingerprint = requestFingerprint(target.capabilityId, request.body);
  const outcome = await claimKey(options, key, fingerprint);
  if (outcome.state === 'claimed') {
    claims.set(request, { key, owner: outcome.owner });
    return 'run';
  }
  const { status, contentType, body } = outcome.response;
  await reply.status(status).type(contentType).header(REPLAYED_HEADER, 'true').send(body);
  return 'replayed';
}

/**
 * Claims `key` for a request with `fingerprint`, or gives the first request's stored response;
 * throws IDEMPOTENCY_KEY_REUSED for another body and IDEMPOTENCY_KEY_IN_USE while the first runs.
 */
export async function claimKey(
  options: IdempotencyOptions,
  key: string,
  fingerprint: string,
): Promise<{ state: 'claimed'; owner: string } | { state: 'completed'; response: StoredResponse }> {
  const outcome = await options.store.begin(key, fingerprint, options.leaseMs);
  if (outcome.state === 'claimed') return outcome;
  if (outcome.fingerprint !== fingerprint) {
    throw problem(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was first sent with another capability or body; a key names one operation.',
    );
  }
  if (outcome.state === 'running') {
    const untilLeaseEnds = Math.ceil((outcome.leaseExpiresAt - Date.now()) / 1000);
    throw problem('IDEMPOTENCY_KEY_IN_USE', 'The first request with this Idempotency-Key is still running.', {
      // Soon, not at the lease's end: the first request usually finishes well before it.
      retryAfterSeconds: Math.max(1, Math.min(5, untilLeaseEnds)),
    });
  }
  return { state: 'completed', response: outcome.response };
}

/**
 * Gives the request's key back when its response is sent instead of keeping that response: for a
 * batch answered 200 whose items include outcomes a repeat should not get again (a 5xx item).
 */
export function declineReplay(request: FastifyRequest): void {
  declined.add(request);
}

/**
 * Records the response of every request that claimed a key, as it is sent. Kept: successes and
 * the caller's own mistakes (4xx), which a repeat would meet again. Given back: 5xx, 408 and 429,
 * whose outcome the service could not learn or which a later attempt may change, so a retry with
 * the same key runs again (the capabilities are written to be safe when that happens).
 */
export function registerIdempotencyRecording(app: FastifyInstance, options: IdempotencyOptions): void {
  // Callback style: most requests claim no key, and an async hook would cost every one of them a
  // promise and a microtask turn before the answer is written (bench CPU profile).
  app.addHook('onSend', (request, reply, payload, done) => {
    const claim = claims.get(request);
    if (!claim) {
      done(null, payload);
      return;
    }
    claims.delete(request);
    recordOutcome(request, reply, payload, claim, options).then(() => done(null, payload), done);
  });
}

/** Keeps (or gives back) the claimed key's outcome; never rejects: a failure is logged. */
async function recordOutcome(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  claim: Claim,
  options: IdempotencyOptions,
): Promise<void> {
  try {
    if (isReplayable(reply.statusCode) && typeof payload === 'string' && !declined.has(request)) {
      const contentType = String(reply.getHeader('content-type') ?? 'application/json');
      await options.store.complete(
        claim.key,
        claim.owner,
        { status: reply.statusCode, contentType, body: payload },
        options.retentionMs,
      );
    } else {
      await options.store.release(claim.key, claim.owner);
    }
  } catch (err) {
    // The caller still gets its answer; a repeat within the lease is told to wait, after it runs.
    request.log.warn({ err }, 'could not record the outcome of an idempotent request');
  }
}

/** Outcomes a repeat would meet again: successes and the caller's own mistakes. */
export function isReplayable(status: number): boolean {
  return status < 500 && status !== 408 && status !== 429;
}

export function bearerOf(header: string | undefined): string | undefined {
  return header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
}
