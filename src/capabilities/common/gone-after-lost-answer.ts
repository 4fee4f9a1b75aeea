import type { GraphError } from '../../graph/graph-error.js';
import type { CapabilityOutput } from '../capability.js';
import { refusalOutput } from './refusal-output.js';

/**
 * The output of a DELETE whose first answer was lost after Graph may have applied it, and whose
 * retry found the object gone: the change happened, so it is reported as done. `statusCode` is
 * what Graph last said (its 404), so nothing is made up.
 */
export function goneAfterLostAnswer(error: GraphError): CapabilityOutput {
  return refusalOutput(error, true);
}
