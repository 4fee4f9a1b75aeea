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
  const { rawResponse: _raw, ...rest } = output;
  const others = JSON.stringify(rest);
  const tail = others === '{}' ? '}}' : `,${others.slice(1)}}`;
  return HEAD + rawResponse.text() + tail;
}
