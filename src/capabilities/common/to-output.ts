import type { GraphResponse } from '../../graph/graph-request.js';
import type { CapabilityOutput } from '../capability.js';

/** Graph's answer in the connector's output envelope; a 204's empty body becomes `{ok: true}`. */
export function toOutput(response: GraphResponse): CapabilityOutput {
  return {
    rawResponse: response.body ?? { ok: true },
    statusCode: response.status,
    headers: response.headers,
  };
}
