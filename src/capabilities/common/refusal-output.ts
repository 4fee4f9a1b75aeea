import type { GraphError } from '../../graph/graph-error.js';
import type { CapabilityOutput } from '../capability.js';

/**
 * The output of a change Graph refused because the directory already was as asked: a success for
 * the caller, with `changed` saying whether this call (through an attempt whose answer was lost)
 * made it. `statusCode` and the request id are Graph's refusal, so nothing is made up.
 */
export function refusalOutput(error: GraphError, changed: boolean): CapabilityOutput {
  return {
    rawResponse: { ok: true },
    statusCode: error.status,
    headers: error.requestId ? { 'request-id': error.requestId } : {},
    changed,
  };
}
