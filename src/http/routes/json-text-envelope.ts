/**
 * The `{ "output": ... }` answer of a capability whose rawResponse is Graph's JSON as it arrived
 * (JsonText): put together around that text instead of through the route's serializer, which
 * would need the parsed object. The rest of the output is the service's own small fields.
 *
 * A string, not a Buffer: one 16 KB Buffer per answer is memory outside V8's heap, and its
 * pressure made the garbage collector's threads about twice as busy (bench, query-users).
 */
import type { CapabilityOutput } from '../../capabilities/capability.js';
import type { JsonText } from '../../graph/json-text.js';

const HEAD = '{"output":{"rawResponse":';

export function jsonTextEnvelope(rawResponse: JsonText, output: CapabilityOutput): string {
  // The other fields one by one, as JSON.stringify would write them (undefined and functions left
  // out): an object rest copy of the output cost more than the serialising (bench CPU profile).
  let others = '';
  for (const key of Object.keys(output)) {
    if (key === 'rawResponse') continue;
    const value = JSON.stringify(output[key]);
    if (value !== undefined) others += `,${JSON.stringify(key)}:${value}`;
  }
  return `${HEAD}${rawResponse.text()}${others}}}`;
}
