/**
 * `Idempotency-Key` per item of a batch. An item that changes the directory is filed under the key
 * `<request key>/<item id>`, exactly as a single call sent with that key would be (same record,
 * same fingerprint: the capability and its body), and its outcome is kept as that call's response
 * would be. So a repeated batch replays the items that finished and runs only the others (those
 * whose outcome was a 5xx, 408 or 429, or that never ran), and an item may even replay a single
 * call made earlier with `<key>/<id>`, or the other way round.
 */
import type { StoredResponse } from '../../stores/idempotency/idempotency-store.js';
import { claimKey, type IdempotencyOptions, isReplayable } from './idempotency-guard.js';
import { idempotencyRecordKey, requestFingerprint } from './idempotency-key.js';

export interface ItemKeyTarget {
  /** The batch's Idempotency-Key. */
  idempotencyKey: string;
  /** The API key the batch was sent with. */
  apiKey: string | undefined;
  itemId: string;
  capabilityId: string;
  /** The item's input as validated, credential fields included: what a single call's body would be. */
  body: unknown;
  tenantId: string;
  clientId: string;
}

export type ItemClaim =
  | { state: 'run'; finish(response: StoredResponse): Promise<void> }
  | { state: 'replayed'; response: StoredResponse };

/** Claims the item's key (throws IDEMPOTENCY_KEY_REUSED / _IN_USE as a single call would). */
export async function claimItemKey(target: ItemKeyTarget, options: IdempotencyOptions): Promise<ItemClaim> {
  const key = idempotencyRecordKey({
    apiKey: target.apiKey,
    tenantId: target.tenantId,
    clientId: target.clientId,
    idempotencyKey: `${target.idempotencyKey}/${target.itemId}`,
  });
  const outcome = await claimKey(options, key, requestFingerprint(target.capabilityId, target.body));
  if (outcome.state === 'completed') return { state: 'replayed', response: outcome.response };
  return {
    state: 'run',
    finish: (response) =>
      isReplayable(response.status)
        ? options.store.complete(key, outcome.owner, response, options.retentionMs)
        : options.store.release(key, outcome.owner),
  };
}
