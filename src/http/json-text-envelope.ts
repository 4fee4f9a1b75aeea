/**
 * The `{ "output": ... }` answer of a capability whose rawResponse is Graph's JSON as bytes
 * (JsonText): put together around those bytes instead of through the route's serializer, which
 * would need the parsed object. The rest of the output is the service's own small fields.
 */
import type { CapabilityOutput } from '../capabilities/capability.js';
import type { JsonText } from '../graph/json-text.js';

const HEAD = Buffer.from('{"output":{"rawResponse":');

export function jsonTextEnvelope(rawResponse: JsonText, output: CapabilityOutput): Buffer {
  const { rawResponse: _raw, ...rest } = output;
  const others = JSON.stringify(rest);
  const tail = others === '{}' ? '}}' : `,${others.slice(1)}}`;
  return Buffer.concat([HEAD, ...rawResponse.chunks, Buffer.from(tail)]);
}
