/** What a batch refuses per item before anything reaches Graph, with the catalogue's codes. */
import type { Capability, CapabilityInput, CapabilityInputSchema } from '../capabilities/capability.js';
import { problem } from '../errors/problem.js';
import type { ServiceError } from '../errors/service-error.js';

/** The capability an item names, or BATCH_UNKNOWN_CAPABILITY listing the capabilities that exist. */
export function batchCapability(
  byId: ReadonlyMap<string, Capability>,
  name: string,
): Capability | ServiceError {
  const capability = byId.get(name);
  if (capability) return capability;
  return problem('BATCH_UNKNOWN_CAPABILITY', `No capability is called '${name.slice(0, 100)}'.`, {
    validValues: [...byId.keys()],
  });
}

/** BATCH_CAPABILITY_REFUSED when the call pages or runs a delta round (the capability says why). */
export function refusedInBatch(
  capability: Capability,
  input: CapabilityInput<CapabilityInputSchema>,
): ServiceError | undefined {
  const reason = capability.notInBatch?.(input);
  return reason === undefined ? undefined : problem('BATCH_CAPABILITY_REFUSED', reason);
}

/** The outcome of an item not run because the item `dependencyId` failed or was skipped. */
export function skippedProblem(dependencyId: string): ServiceError {
  return problem(
    'SKIPPED_DEPENDENCY_FAILED',
    `Not run: item '${dependencyId}', which this item depends on, did not succeed.`,
  );
}
