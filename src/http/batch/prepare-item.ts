/**
 * Everything a batch item goes through before it may run, in the single route's order: its
 * capability exists, its input passes that capability's schema, its connection resolves, and the
 * call is one a batch runs. A failing step makes the item's problem; the other items go on.
 */
import type { Static } from '@sinclair/typebox';
import { batchCapability, refusedInBatch } from '../../batch/batch-refusal.js';
import type { BatchItem } from '../../batch/batch-schema.js';
import type { Capability, CapabilityInput, CapabilityInputSchema } from '../../capabilities/capability.js';
import { withoutCredentials } from '../../capabilities/common/without-credentials.js';
import type { Connection } from '../../config/connection.js';
import { ServiceError } from '../../errors/service-error.js';
import { type ConnectionPolicy, resolveConnection } from '../resolve-connection.js';
import type { ItemValidator } from './item-validator.js';

export type PreparedItem =
  | {
      ready: true;
      capability: Capability;
      /** The validated input with its credential fields: what the single call's body would be. */
      body: Static<CapabilityInputSchema>;
      input: CapabilityInput<CapabilityInputSchema>;
      connection: Connection;
      mutates: boolean;
    }
  | { ready: false; problem: ServiceError; capability?: Capability };

export interface ItemPreparation {
  capabilities: ReadonlyMap<string, Capability>;
  validator: ItemValidator;
  connections: ConnectionPolicy;
}

export function prepareItem(item: BatchItem, preparation: ItemPreparation): PreparedItem {
  const capability = batchCapability(preparation.capabilities, item.capability);
  if (capability instanceof ServiceError) return { ready: false, problem: capability };
  const body = item.input === undefined ? {} : item.input;
  const invalid = preparation.validator.check(capability, body);
  if (invalid) return { ready: false, problem: invalid, capability };
  const valid = body as Static<CapabilityInputSchema>;
  let connection: Connection;
  try {
    connection = resolveConnection(valid, preparation.connections);
  } catch (error) {
    if (error instanceof ServiceError) return { ready: false, problem: error, capability };
    throw error;
  }
  const input = withoutCredentials(valid);
  const refused = refusedInBatch(capability, input);
  if (refused) return { ready: false, problem: refused, capability };
  return { ready: true, capability, body: valid, input, connection, mutates: capability.mutates(input) };
}
