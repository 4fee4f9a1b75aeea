/**
 * The `client-request-id` Graph echoes back (and Microsoft support asks for). It must be a GUID,
 * while our request ids may be anything; a name-based UUID keeps the two tied without a lookup.
 */
import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Fixed namespace for our UUIDv5 derivation (random, generated once for this service). */
const NAMESPACE = Buffer.from('6f1d2a4e8b3c4d5e9f7a0b1c2d3e4f50', 'hex');

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The request id itself when it is a UUID, else the RFC 9562 version-5 UUID of it. */
export function clientRequestIdFor(requestId: string): string {
  if (isUuid(requestId)) return requestId.toLowerCase();
  const bytes = createHash('sha1').update(NAMESPACE).update(requestId, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
